# Customer-data platform of a small bank, hardened version.
# Deployed to AWS China (Beijing region, operated by Sinnet): ARNs use the "aws-cn" partition.

terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
  }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      Project    = var.project
      Owner      = var.owner
      CostCenter = "retail-banking"
      ManagedBy  = "terraform"
    }
  }
}

locals {
  partition  = "aws-cn"
  dns_suffix = "amazonaws.com.cn"
  account_id = var.account_id
  name       = "${var.project}-${var.environment}"

  # Tags every store of customer data carries: level 3 of JR/T 0197-2020 (personal financial information of
  # class C2: identities, accounts, transactions), which drives encryption, access and retention rules.
  customer_data_tags = {
    DataClassification = "3"
    DataOwner          = "customer-operations"
  }
}
