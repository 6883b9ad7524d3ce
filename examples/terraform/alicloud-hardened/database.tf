# Customer records: ApsaraDB RDS for MySQL, high-availability edition across two zones.

resource "alicloud_db_instance" "customer_records" {
  instance_name            = "${local.name}-customer-records"
  engine                   = "MySQL"
  engine_version           = "8.0"
  instance_type            = var.db_instance_type
  instance_storage         = 200
  db_instance_storage_type = "cloud_essd"
  instance_charge_type     = "Postpaid"
  category                 = "HighAvailability"

  zone_id            = var.zones[0]
  zone_id_slave_a    = var.zones[1]
  vswitch_id         = join(",", alicloud_vswitch.db[*].id)
  security_ips       = var.app_vswitch_cidrs
  security_ip_mode   = "safety"
  security_group_ids = [alicloud_security_group.db.id]

  # Disk encryption with the customer key, transparent data encryption and TLS for every client.
  encryption_key = alicloud_kms_key.customer_data.id
  tde_status     = "Enabled"
  ssl_action     = "Open"
  ca_type        = "aliyun"

  deletion_protection        = true
  released_keep_policy       = "All"
  auto_upgrade_minor_version = "Auto"
  monitoring_period          = 60

  # SQL audit (SQL Explorer) kept for 180 days.
  sql_collector_status       = "Enabled"
  sql_collector_config_value = 180

  # Durable commits: no acknowledged transaction is lost if the primary fails.
  parameters {
    name  = "innodb_flush_log_at_trx_commit"
    value = "1"
  }

  parameters {
    name  = "sync_binlog"
    value = "1"
  }

  tags = merge(local.customer_data_tags, { Name = "${local.name}-customer-records" })
}

resource "alicloud_db_backup_policy" "customer_records" {
  instance_id                 = alicloud_db_instance.customer_records.id
  preferred_backup_period     = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
  preferred_backup_time       = "18:00Z-19:00Z"
  backup_retention_period     = var.backup_retention_days
  enable_backup_log           = true
  log_backup_retention_period = var.backup_retention_days
}
