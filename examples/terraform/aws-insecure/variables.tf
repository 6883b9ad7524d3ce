variable "region" {
  description = "Region that holds customer data."
  type        = string
  default     = "us-east-1"
}

variable "account_id" {
  description = "AWS China account that owns the platform."
  type        = string
  default     = "123456789012"
}

variable "project" {
  description = "Short name used as a prefix for every resource."
  type        = string
  default     = "custdata"
}

variable "environment" {
  description = "Deployment stage."
  type        = string
  default     = "prod"
}

variable "owner" {
  description = "Team accountable for the platform."
  type        = string
  default     = "platform@bank.example.com"
}

variable "vpc_cidr" {
  description = "Address space of the platform VPC."
  type        = string
  default     = "10.20.0.0/16"
}

variable "availability_zones" {
  description = "Two zones of the region, for Multi-AZ placement."
  type        = list(string)
  default     = ["us-east-1a", "us-east-1b"]
}

variable "public_subnet_cidrs" {
  description = "Public subnets (NAT gateways only)."
  type        = list(string)
  default     = ["10.20.0.0/24", "10.20.1.0/24"]
}

variable "app_subnet_cidrs" {
  description = "Private subnets of the application tier."
  type        = list(string)
  default     = ["10.20.10.0/24", "10.20.11.0/24"]
}

variable "db_subnet_cidrs" {
  description = "Isolated subnets of the database tier (no route to the internet)."
  type        = list(string)
  default     = ["10.20.20.0/24", "10.20.21.0/24"]
}

variable "db_instance_class" {
  description = "Instance class of the customer-records database."
  type        = string
  default     = "db.m6g.large"
}

variable "db_engine_version" {
  description = "PostgreSQL engine version."
  type        = string
  default     = "16.9"
}

variable "backup_retention_days" {
  description = "Automated RDS backups kept for this many days (at least 7)."
  type        = number
  default     = 14
}

variable "log_retention_days" {
  description = "CloudWatch log retention of the security logs."
  type        = number
  default     = 365
}

variable "audit_log_retention_days" {
  description = "CloudTrail and access logs (level 2: kept as long as customer records) expire after this many days."
  type        = number
  default     = 3653
}

variable "security_alert_email" {
  description = "Mailbox of the security operations team for alarms."
  type        = string
  default     = "soc@bank.example.com"
}

variable "app_ami_id" {
  description = "Hardened base image of the customer API (built and scanned by the image pipeline)."
  type        = string
  default     = "ami-0a1b2c3d4e5f67890"
}

variable "app_instance_type" {
  description = "Instance type of the customer API servers."
  type        = string
  default     = "m6g.large"
}
