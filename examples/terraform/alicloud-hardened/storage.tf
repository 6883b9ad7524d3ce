# OSS: customer documents (ID scans, signed contracts) and the bucket that keeps access and audit logs.

locals {
  documents_bucket = "${local.name}-customer-documents-${var.account_id}"
  logs_bucket      = "${local.name}-logs-${var.account_id}"
}

resource "alicloud_oss_bucket" "documents" {
  bucket          = local.documents_bucket
  storage_class   = "Standard"
  redundancy_type = "ZRS"

  server_side_encryption_rule {
    sse_algorithm     = "KMS"
    kms_master_key_id = alicloud_kms_key.customer_data.id
  }

  versioning {
    status = "Enabled"
  }

  logging {
    target_bucket = alicloud_oss_bucket.logs.id
    target_prefix = "oss-access/customer-documents/"
  }

  lifecycle_rule {
    id      = "retain-then-delete"
    enabled = true
    prefix  = ""

    transitions {
      days          = 90
      storage_class = "IA"
    }

    expiration {
      days = var.document_retention_days
    }

    noncurrent_version_expiration {
      days = 90
    }

    abort_multipart_upload {
      days = 7
    }
  }

  # TLS only: every request over plain HTTP is refused.
  policy = jsonencode({
    Version = "1"
    Statement = [{
      Effect    = "Deny"
      Action    = ["oss:*"]
      Principal = ["*"]
      Resource = [
        "acs:oss:*:${var.account_id}:${local.documents_bucket}",
        "acs:oss:*:${var.account_id}:${local.documents_bucket}/*",
      ]
      Condition = { Bool = { "acs:SecureTransport" = ["false"] } }
    }]
  })

  tags = merge(local.customer_data_tags, { Name = "${local.name}-customer-documents" })
}

resource "alicloud_oss_bucket_acl" "documents" {
  bucket = alicloud_oss_bucket.documents.id
  acl    = "private"
}

resource "alicloud_oss_bucket_public_access_block" "documents" {
  bucket              = alicloud_oss_bucket.documents.id
  block_public_access = true
}

resource "alicloud_oss_bucket" "logs" {
  # checkov:skip=CKV_ALI_12: this bucket is the access-log target; logging it into itself would loop
  bucket          = local.logs_bucket
  storage_class   = "Standard"
  redundancy_type = "ZRS"

  server_side_encryption_rule {
    sse_algorithm     = "KMS"
    kms_master_key_id = alicloud_kms_key.logs.id
  }

  versioning {
    status = "Enabled"
  }

  lifecycle_rule {
    id      = "archive-then-expire"
    enabled = true
    prefix  = ""

    transitions {
      days          = 365
      storage_class = "Archive"
    }

    expiration {
      days = var.audit_log_retention_days
    }

    noncurrent_version_expiration {
      days = 365
    }

    abort_multipart_upload {
      days = 1
    }
  }

  policy = jsonencode({
    Version = "1"
    Statement = [{
      Effect    = "Deny"
      Action    = ["oss:*"]
      Principal = ["*"]
      Resource = [
        "acs:oss:*:${var.account_id}:${local.logs_bucket}",
        "acs:oss:*:${var.account_id}:${local.logs_bucket}/*",
      ]
      Condition = { Bool = { "acs:SecureTransport" = ["false"] } }
    }]
  })

  tags = merge(local.common_tags, { Name = local.logs_bucket, DataClassification = "2" })
}

resource "alicloud_oss_bucket_acl" "logs" {
  bucket = alicloud_oss_bucket.logs.id
  acl    = "private"
}

resource "alicloud_oss_bucket_public_access_block" "logs" {
  bucket              = alicloud_oss_bucket.logs.id
  block_public_access = true
}
