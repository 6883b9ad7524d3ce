# RAM: password policy, console users, groups.

resource "alicloud_ram_account_password_policy" "strict" {
  minimum_password_length      = 8
  require_lowercase_characters = true
  require_uppercase_characters = true
  require_numbers              = true
  require_symbols              = false
  hard_expiry                  = false
  max_password_age             = 90
  password_reuse_prevention    = 24
  max_login_attempts           = 10
}

resource "alicloud_ram_security_preference" "account" {
  enforce_mfa_for_login            = false
  enable_save_mfa_ticket           = false
  allow_user_to_change_password    = true
  allow_user_to_manage_access_keys = false
  allow_user_to_manage_mfa_devices = true
  login_session_duration           = 6
}

resource "alicloud_ram_user" "li_wei" {
  name         = "li.wei"
  display_name = "Li Wei (customer operations)"
  email        = "li.wei@bank.example.cn"
  comments     = "Branch operator"
}

resource "alicloud_ram_user" "zhang_min" {
  name         = "zhang.min"
  display_name = "Zhang Min (internal audit)"
  email        = "zhang.min@bank.example.cn"
  comments     = "Internal auditor"
}

# Initial console passwords are random and must be changed at first login.
resource "random_password" "li_wei" {
  length  = 20
  special = true
}

resource "random_password" "zhang_min" {
  length  = 20
  special = true
}

resource "alicloud_ram_login_profile" "li_wei" {
  user_name               = alicloud_ram_user.li_wei.name
  password                = random_password.li_wei.result
  password_reset_required = true
  mfa_bind_required       = false
}

resource "alicloud_ram_login_profile" "zhang_min" {
  user_name               = alicloud_ram_user.zhang_min.name
  password                = random_password.zhang_min.result
  password_reset_required = true
  mfa_bind_required       = true
}

resource "alicloud_ram_group" "customer_operations" {
  name     = "customer-operations"
  comments = "Branch and back-office staff handling customer documents"
}

resource "alicloud_ram_group" "auditors" {
  name     = "auditors"
  comments = "Internal audit, read-only"
}

resource "alicloud_ram_group_membership" "customer_operations" {
  group_name = alicloud_ram_group.customer_operations.name
  user_names = [alicloud_ram_user.li_wei.name]
}

resource "alicloud_ram_group_membership" "auditors" {
  group_name = alicloud_ram_group.auditors.name
  user_names = [alicloud_ram_user.zhang_min.name]
}

# Customer operations read and upload customer documents; nothing else.
resource "alicloud_ram_policy" "customer_documents_access" {
  policy_name = "${var.project}-customer-documents-access"
  description = "Read and upload customer documents over TLS"

  policy_document = jsonencode({
    Version = "1"
    Statement = [
      {
        Effect = "Allow"
        Action = ["oss:GetObject", "oss:PutObject", "oss:ListObjects"]
        Resource = [
          "acs:oss:*:${var.account_id}:${local.documents_bucket}",
          "acs:oss:*:${var.account_id}:${local.documents_bucket}/*",
        ]
        Condition = { Bool = { "acs:SecureTransport" = ["true"] } }
      },
      {
        Effect   = "Allow"
        Action   = ["kms:Decrypt", "kms:GenerateDataKey"]
        Resource = ["acs:kms:${var.region}:${var.account_id}:key/${alicloud_kms_key.customer_data.id}"]
      },
    ]
  })
}

resource "alicloud_ram_group_policy_attachment" "customer_operations_documents" {
  group_name  = alicloud_ram_group.customer_operations.name
  policy_name = alicloud_ram_policy.customer_documents_access.policy_name
  policy_type = "Custom"
}

# Full administrator rights on a personal user, "until the operator role is set up".
resource "alicloud_ram_user_policy_attachment" "li_wei_admin" {
  user_name   = alicloud_ram_user.li_wei.name
  policy_name = "AdministratorAccess"
  policy_type = "System"
}

resource "alicloud_ram_group_policy_attachment" "auditors_read_only" {
  group_name  = alicloud_ram_group.auditors.name
  policy_name = "ReadOnlyAccess"
  policy_type = "System"
}
