# Customer-data platform of a small bank on Alibaba Cloud, hardened version (Hangzhou region).

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    alicloud = {
      source  = "aliyun/alicloud"
      version = "~> 1.240"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
}

provider "alicloud" {
  region = var.region
}

locals {
  name = "${var.project}-${var.environment}"

  common_tags = {
    Project    = var.project
    Owner      = var.owner
    CostCenter = "retail-banking"
    ManagedBy  = "terraform"
  }

  # Tags every store of customer data carries: level 3 of JR/T 0197-2020 (personal financial information of
  # class C2: identities, accounts, transactions), which drives encryption, access and retention rules.
  customer_data_tags = merge(local.common_tags, {
    DataClassification = "3"
    DataOwner          = "customer-operations"
  })
}
