# Customer managed keys: one for customer data stores, one for audit and operational logs, so that the
# people who can read logs cannot decrypt customer records and vice versa.

resource "aws_kms_key" "customer_data" {
  description             = "${local.name} customer data (RDS, S3 documents, DynamoDB, secrets)"
  key_usage               = "ENCRYPT_DECRYPT"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  rotation_period_in_days = 365
  is_enabled              = true

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "UseByDataServicesInThisAccount"
        Effect    = "Allow"
        Principal = { AWS = aws_iam_role.app.arn }
        Action    = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringEquals = {
            "kms:ViaService" = [
              "s3.${var.region}.${local.dns_suffix}",
              "rds.${var.region}.${local.dns_suffix}",
              "dynamodb.${var.region}.${local.dns_suffix}",
            ]
          }
        }
      },
    ]
  })

  tags = merge(local.customer_data_tags, { Name = "${local.name}-customer-data" })
}

resource "aws_kms_alias" "customer_data" {
  name          = "alias/${local.name}-customer-data"
  target_key_id = aws_kms_key.customer_data.key_id
}

resource "aws_kms_key" "logs" {
  description             = "${local.name} audit and operational logs (CloudTrail, CloudWatch Logs, SNS)"
  key_usage               = "ENCRYPT_DECRYPT"
  deletion_window_in_days = 30
  enable_key_rotation     = true
  rotation_period_in_days = 365
  is_enabled              = true

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "AccountAdministration"
        Effect    = "Allow"
        Principal = { AWS = "arn:${local.partition}:iam::${local.account_id}:root" }
        Action    = "kms:*"
        Resource  = "*"
      },
      {
        Sid       = "CloudTrailEncryptsLogs"
        Effect    = "Allow"
        Principal = { Service = "cloudtrail.amazonaws.com" }
        Action    = ["kms:GenerateDataKey*", "kms:DescribeKey"]
        Resource  = "*"
        Condition = {
          StringLike = {
            "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:${local.partition}:cloudtrail:*:${local.account_id}:trail/*"
          }
        }
      },
      {
        Sid       = "CloudWatchLogsEncryptsLogGroups"
        Effect    = "Allow"
        Principal = { Service = "logs.${var.region}.${local.dns_suffix}" }
        Action    = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"]
        Resource  = "*"
        Condition = {
          ArnLike = {
            "kms:EncryptionContext:aws:logs:arn" = "arn:${local.partition}:logs:${var.region}:${local.account_id}:*"
          }
        }
      },
      {
        Sid       = "ServicesPublishToEncryptedTopicAndBucket"
        Effect    = "Allow"
        Principal = { Service = ["cloudwatch.amazonaws.com", "cloudtrail.amazonaws.com", "config.amazonaws.com"] }
        Action    = ["kms:Decrypt", "kms:GenerateDataKey*"]
        Resource  = "*"
      },
    ]
  })

  tags = { Name = "${local.name}-logs" }
}

resource "aws_kms_alias" "logs" {
  name          = "alias/${local.name}-logs"
  target_key_id = aws_kms_key.logs.key_id
}
