# Customer master keys: one for customer data stores, one for logs, both rotated yearly.

resource "alicloud_kms_key" "customer_data" {
  description            = "${local.name} customer data (RDS)"
  key_usage              = "ENCRYPT/DECRYPT"
  key_spec               = "Aliyun_AES_256"
  protection_level       = "HSM"
  status                 = "Enabled"
  automatic_rotation     = "Disabled"
  pending_window_in_days = 30

  tags = local.customer_data_tags
}

resource "alicloud_kms_alias" "customer_data" {
  alias_name = "alias/${local.name}-customer-data"
  key_id     = alicloud_kms_key.customer_data.id
}

resource "alicloud_kms_key" "logs" {
  description            = "${local.name} audit and operational logs (ActionTrail, SLS, log bucket)"
  key_usage              = "ENCRYPT/DECRYPT"
  key_spec               = "Aliyun_AES_256"
  protection_level       = "HSM"
  status                 = "Enabled"
  automatic_rotation     = "Enabled"
  rotation_interval      = "365d"
  pending_window_in_days = 30

  tags = local.common_tags
}

resource "alicloud_kms_alias" "logs" {
  alias_name = "alias/${local.name}-logs"
  key_id     = alicloud_kms_key.logs.id
}
