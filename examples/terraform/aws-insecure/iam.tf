# Identities: account password policy, staff, groups, service roles.

resource "aws_iam_account_password_policy" "strict" {
  minimum_password_length        = 8
  require_lowercase_characters   = true
  require_uppercase_characters   = true
  require_numbers                = true
  require_symbols                = false
  allow_users_to_change_password = true
  password_reuse_prevention      = 3
}

# ---------------------------------------------------------------- staff

resource "aws_iam_user" "li_wei" {
  name          = "li.wei"
  path          = "/staff/"
  force_destroy = false

  tags = { Department = "customer-operations" }
}

# Console access for the branch operator; her group has no MFA requirement.
resource "aws_iam_user_login_profile" "li_wei" {
  user                    = aws_iam_user.li_wei.name
  password_length         = 20
  password_reset_required = true
}

resource "aws_iam_user" "wang_fang" {
  name          = "wang.fang"
  path          = "/staff/"
  force_destroy = false

  tags = { Department = "customer-operations" }
}

resource "aws_iam_user" "zhang_min" {
  name          = "zhang.min"
  path          = "/staff/"
  force_destroy = false

  tags = { Department = "internal-audit" }
}

resource "aws_iam_user" "chen_jie" {
  name          = "chen.jie"
  path          = "/staff/"
  force_destroy = false

  tags = { Department = "platform-engineering" }
}

resource "aws_iam_group" "customer_operations" {
  name = "customer-operations"
  path = "/staff/"
}

resource "aws_iam_group" "auditors" {
  name = "auditors"
  path = "/staff/"
}

resource "aws_iam_group" "platform_admins" {
  name = "platform-admins"
  path = "/staff/"
}

resource "aws_iam_group_membership" "customer_operations" {
  name  = "customer-operations-members"
  group = aws_iam_group.customer_operations.name
  users = [aws_iam_user.li_wei.name, aws_iam_user.wang_fang.name]
}

resource "aws_iam_group_membership" "auditors" {
  name  = "auditors-members"
  group = aws_iam_group.auditors.name
  users = [aws_iam_user.zhang_min.name]
}

resource "aws_iam_group_membership" "platform_admins" {
  name  = "platform-admins-members"
  group = aws_iam_group.platform_admins.name
  users = [aws_iam_user.chen_jie.name]
}

# Everything is denied until the user has signed in with MFA, except setting up their own MFA device.
resource "aws_iam_policy" "require_mfa" {
  name        = "${local.name}-require-mfa"
  path        = "/staff/"
  description = "Deny all actions without an MFA-authenticated session"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AllowOwnMfaSetup"
        Effect = "Allow"
        Action = [
          "iam:CreateVirtualMFADevice",
          "iam:EnableMFADevice",
          "iam:ListMFADevices",
          "iam:ResyncMFADevice",
          "iam:ChangePassword",
          "iam:GetUser",
        ]
        Resource = [
          "arn:${local.partition}:iam::${local.account_id}:mfa/$${aws:username}",
          "arn:${local.partition}:iam::${local.account_id}:user/staff/$${aws:username}",
        ]
      },
      {
        Sid    = "DenyAllWithoutMfa"
        Effect = "Deny"
        NotAction = [
          "iam:CreateVirtualMFADevice",
          "iam:EnableMFADevice",
          "iam:ListMFADevices",
          "iam:ResyncMFADevice",
          "iam:ChangePassword",
          "iam:GetUser",
          "sts:GetSessionToken",
        ]
        Resource  = "*"
        Condition = { BoolIfExists = { "aws:MultiFactorAuthPresent" = "false" } }
      },
    ]
  })
}

resource "aws_iam_group_policy_attachment" "auditors_mfa" {
  group      = aws_iam_group.auditors.name
  policy_arn = aws_iam_policy.require_mfa.arn
}

resource "aws_iam_group_policy_attachment" "platform_admins_mfa" {
  group      = aws_iam_group.platform_admins.name
  policy_arn = aws_iam_policy.require_mfa.arn
}

# Customer operations read and upload customer documents; nothing else.
resource "aws_iam_policy" "customer_documents_access" {
  name        = "${local.name}-customer-documents-access"
  path        = "/staff/"
  description = "Read and upload customer documents"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "DocumentObjects"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "${aws_s3_bucket.documents.arn}/*"
      },
      {
        Sid      = "ListDocuments"
        Effect   = "Allow"
        Action   = "s3:ListBucket"
        Resource = aws_s3_bucket.documents.arn
      },
      {
        Sid      = "UseDocumentKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.customer_data.arn
      },
    ]
  })
}

resource "aws_iam_group_policy_attachment" "customer_operations_documents" {
  group      = aws_iam_group.customer_operations.name
  policy_arn = aws_iam_policy.customer_documents_access.arn
}

resource "aws_iam_group_policy_attachment" "auditors_security_audit" {
  group      = aws_iam_group.auditors.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/SecurityAudit"
}

resource "aws_iam_role" "platform_operator" {
  name                 = "${local.name}-platform-operator"
  description          = "Day-to-day platform administration, assumed with MFA"
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = [aws_iam_user.chen_jie.arn] }
      Action    = "sts:AssumeRole"
      Condition = {
        Bool            = { "aws:MultiFactorAuthPresent" = "true" }
        NumericLessThan = { "aws:MultiFactorAuthAge" = "3600" }
      }
    }]
  })
}

resource "aws_iam_role_policy_attachment" "platform_operator_power_user" {
  role       = aws_iam_role.platform_operator.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/PowerUserAccess"
}

resource "aws_iam_policy" "assume_platform_operator" {
  name        = "${local.name}-assume-platform-operator"
  path        = "/staff/"
  description = "Allow platform administrators to assume the operator role"

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "sts:AssumeRole"
      Resource = aws_iam_role.platform_operator.arn
    }]
  })
}

resource "aws_iam_group_policy_attachment" "platform_admins_assume" {
  group      = aws_iam_group.platform_admins.name
  policy_arn = aws_iam_policy.assume_platform_operator.arn
}

# Standing full administrator rights on a personal user, "until the operator role is tested".
resource "aws_iam_user_policy_attachment" "chen_jie_admin" {
  user       = aws_iam_user.chen_jie.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

# ---------------------------------------------------------------- service roles

resource "aws_iam_role" "app" {
  name        = "${local.name}-customer-api"
  description = "Customer API servers"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "ec2.${local.dns_suffix}" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "app" {
  name = "customer-data-access"
  role = aws_iam_role.app.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "DocumentObjects"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject"]
        Resource = "${aws_s3_bucket.documents.arn}/*"
      },
      {
        Sid      = "ConsentRecords"
        Effect   = "Allow"
        Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"]
        Resource = aws_dynamodb_table.consent_records.arn
      },
      {
        Sid      = "CustomerDataKey"
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = aws_kms_key.customer_data.arn
      },
      {
        Sid      = "ApplicationLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.app.arn}:*"
      },
    ]
  })
}

resource "aws_iam_role_policy_attachment" "app_ssm" {
  role       = aws_iam_role.app.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore"
}

resource "aws_iam_instance_profile" "app" {
  name = "${local.name}-customer-api"
  role = aws_iam_role.app.name
}

resource "aws_iam_role" "cloudtrail_to_cloudwatch" {
  name = "${local.name}-cloudtrail-to-cloudwatch"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "cloudtrail.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy" "cloudtrail_to_cloudwatch" {
  name = "write-trail-logs"
  role = aws_iam_role.cloudtrail_to_cloudwatch.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "${aws_cloudwatch_log_group.cloudtrail.arn}:*"
    }]
  })
}

resource "aws_iam_role" "rds_monitoring" {
  name = "${local.name}-rds-monitoring"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "monitoring.rds.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "rds_monitoring" {
  role       = aws_iam_role.rds_monitoring.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"
}

resource "aws_iam_role" "config" {
  name = "${local.name}-config"

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "config.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "config" {
  role       = aws_iam_role.config.name
  policy_arn = "arn:${local.partition}:iam::aws:policy/service-role/AWS_ConfigRole"
}
