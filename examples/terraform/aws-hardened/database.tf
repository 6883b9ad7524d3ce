# Customer records (PostgreSQL) and consent records (DynamoDB).

resource "aws_db_subnet_group" "customer_records" {
  name        = "${local.name}-customer-records"
  description = "Isolated database subnets"
  subnet_ids  = aws_subnet.db[*].id

  tags = { Name = "${local.name}-customer-records" }
}

resource "aws_db_parameter_group" "customer_records" {
  name        = "${local.name}-customer-records-pg16"
  family      = "postgres16"
  description = "Customer records: TLS only, audited connections and statements"

  parameter {
    name  = "rds.force_ssl"
    value = "1"
  }

  parameter {
    name  = "ssl_min_protocol_version"
    value = "TLSv1.2"
  }

  parameter {
    name  = "password_encryption"
    value = "scram-sha-256"
  }

  parameter {
    name  = "log_connections"
    value = "1"
  }

  parameter {
    name  = "log_disconnections"
    value = "1"
  }

  parameter {
    name  = "log_statement"
    value = "ddl"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "1000"
  }

  tags = { Name = "${local.name}-customer-records" }
}

resource "aws_db_instance" "customer_records" {
  identifier     = "${local.name}-customer-records"
  engine         = "postgres"
  engine_version = var.db_engine_version
  instance_class = var.db_instance_class
  db_name        = "customers"
  port           = 5432

  allocated_storage     = 200
  max_allocated_storage = 1000
  storage_type          = "gp3"
  storage_encrypted     = true
  kms_key_id            = aws_kms_key.customer_data.arn

  # The master password lives in Secrets Manager, encrypted with the customer data key.
  username                      = "dbadmin"
  manage_master_user_password   = true
  master_user_secret_kms_key_id = aws_kms_key.customer_data.arn

  iam_database_authentication_enabled = true
  ca_cert_identifier                  = "rds-ca-rsa2048-g1"

  db_subnet_group_name   = aws_db_subnet_group.customer_records.name
  vpc_security_group_ids = [aws_security_group.db.id]
  parameter_group_name   = aws_db_parameter_group.customer_records.name
  publicly_accessible    = false
  multi_az               = true

  backup_retention_period   = var.backup_retention_days
  backup_window             = "18:00-19:00"
  maintenance_window        = "sun:19:30-sun:20:30"
  copy_tags_to_snapshot     = true
  delete_automated_backups  = false
  deletion_protection       = true
  skip_final_snapshot       = false
  final_snapshot_identifier = "${local.name}-customer-records-final"

  auto_minor_version_upgrade      = true
  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]
  monitoring_interval             = 30
  monitoring_role_arn             = aws_iam_role.rds_monitoring.arn

  performance_insights_enabled          = true
  performance_insights_kms_key_id       = aws_kms_key.customer_data.arn
  performance_insights_retention_period = 7

  tags = merge(local.customer_data_tags, { Name = "${local.name}-customer-records" })
}

# Customer consent records (purpose, channel, timestamp), kept for as long as the relationship lasts.
resource "aws_dynamodb_table" "consent_records" {
  name                        = "${local.name}-consent-records"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "customer_id"
  range_key                   = "consent_id"
  deletion_protection_enabled = true

  attribute {
    name = "customer_id"
    type = "S"
  }

  attribute {
    name = "consent_id"
    type = "S"
  }

  # Withdrawn consents expire automatically once their retention period has passed.
  ttl {
    attribute_name = "expires_at"
    enabled        = true
  }

  server_side_encryption {
    enabled     = true
    kms_key_arn = aws_kms_key.customer_data.arn
  }

  point_in_time_recovery {
    enabled = true
  }

  tags = merge(local.customer_data_tags, { Name = "${local.name}-consent-records" })
}
