# Audit trail (ActionTrail to OSS and SLS) and operational logs (SLS logstores with retention and
# encryption), plus the SLS log audit service covering RDS and OSS.

locals {
  log_project = "${local.name}-logs"
}

resource "alicloud_log_project" "main" {
  project_name = local.log_project
  description  = "Audit and operational logs of the customer-data platform"

  tags = local.common_tags
}

resource "alicloud_log_store" "actiontrail" {
  project_name          = alicloud_log_project.main.project_name
  logstore_name         = "actiontrail"
  retention_period      = var.log_retention_days
  shard_count           = 2
  auto_split            = true
  max_split_shard_count = 16
  append_meta           = true

  encrypt_conf {
    enable       = true
    encrypt_type = "default"

    user_cmk_info {
      cmk_key_id = alicloud_kms_key.logs.id
      arn        = "acs:ram::${var.account_id}:role/aliyunlogdefaultrole"
      region_id  = var.region
    }
  }
}

resource "alicloud_log_store" "app" {
  project_name          = alicloud_log_project.main.project_name
  logstore_name         = "customer-api"
  retention_period      = 30 # application logs hold customer identifiers; one month "to save cost"
  shard_count           = 2
  auto_split            = true
  max_split_shard_count = 16
  append_meta           = true

  encrypt_conf {
    enable       = true
    encrypt_type = "default"

    user_cmk_info {
      cmk_key_id = alicloud_kms_key.logs.id
      arn        = "acs:ram::${var.account_id}:role/aliyunlogdefaultrole"
      region_id  = var.region
    }
  }
}

resource "alicloud_actiontrail_trail" "audit" {
  trail_name         = "${local.name}-audit"
  event_rw           = "Write"
  trail_region       = "All"
  oss_bucket_name    = alicloud_oss_bucket.logs.id
  oss_key_prefix     = "actiontrail"
  sls_project_arn    = "acs:log:${var.region}:${var.account_id}:project/${alicloud_log_project.main.project_name}"
  sls_write_role_arn = "acs:ram::${var.account_id}:role/aliyunserviceroleforactiontrail"
  status             = "Enable"
}

# SLS log audit service: central, tamper-resistant copies of RDS SQL audit, OSS access and ActionTrail.
resource "alicloud_log_audit" "main" {
  display_name = "${local.name}-log-audit"
  aliuid       = var.account_id

  variable_map = {
    "actiontrail_enabled" = "true"
    "actiontrail_ttl"     = "365"
    "oss_access_enabled"  = "true"
    "oss_access_ttl"      = "365"
    "rds_enabled"         = "true"
    "rds_ttl"             = "365"
  }
}
