# VPC with separate application and database vSwitches; the database only accepts the application tier.

resource "alicloud_vpc" "main" {
  vpc_name   = "${local.name}-vpc"
  cidr_block = var.vpc_cidr

  tags = local.common_tags
}

resource "alicloud_vswitch" "app" {
  count        = length(var.app_vswitch_cidrs)
  vswitch_name = "${local.name}-app-${count.index}"
  vpc_id       = alicloud_vpc.main.id
  cidr_block   = var.app_vswitch_cidrs[count.index]
  zone_id      = var.zones[count.index]

  tags = merge(local.common_tags, { Tier = "app" })
}

resource "alicloud_vswitch" "db" {
  count        = length(var.db_vswitch_cidrs)
  vswitch_name = "${local.name}-db-${count.index}"
  vpc_id       = alicloud_vpc.main.id
  cidr_block   = var.db_vswitch_cidrs[count.index]
  zone_id      = var.zones[count.index]

  tags = merge(local.common_tags, { Tier = "data" })
}

resource "alicloud_security_group" "app" {
  security_group_name = "${local.name}-app"
  description         = "Customer API servers"
  vpc_id              = alicloud_vpc.main.id
  inner_access_policy = "Drop"

  tags = local.common_tags
}

resource "alicloud_security_group_rule" "app_https_from_corporate" {
  security_group_id = alicloud_security_group.app.id
  description       = "Customer API over TLS from the branch and head-office network"
  type              = "ingress"
  ip_protocol       = "tcp"
  nic_type          = "intranet"
  policy            = "accept"
  port_range        = "8443/8443"
  priority          = 10
  cidr_ip           = var.corporate_cidr
}

# "Temporary" access for troubleshooting from home during the launch weekend.
resource "alicloud_security_group_rule" "app_ssh_from_anywhere" {
  security_group_id = alicloud_security_group.app.id
  description       = "SSH for troubleshooting"
  type              = "ingress"
  ip_protocol       = "tcp"
  nic_type          = "intranet"
  policy            = "accept"
  port_range        = "22/22"
  priority          = 1
  cidr_ip           = "0.0.0.0/0"
}

resource "alicloud_security_group" "db" {
  security_group_name = "${local.name}-db"
  description         = "Customer-records MySQL"
  vpc_id              = alicloud_vpc.main.id
  inner_access_policy = "Drop"

  tags = local.common_tags
}

resource "alicloud_security_group_rule" "db_from_app" {
  security_group_id        = alicloud_security_group.db.id
  description              = "MySQL from the application tier only"
  type                     = "ingress"
  ip_protocol              = "tcp"
  nic_type                 = "intranet"
  policy                   = "accept"
  port_range               = "3306/3306"
  priority                 = 10
  source_security_group_id = alicloud_security_group.app.id
}
