variable "region" {
  description = "Region that holds customer data."
  type        = string
  default     = "ap-southeast-1"
}

variable "account_id" {
  description = "Alibaba Cloud account (UID) that owns the platform."
  type        = string
  default     = "1234567890123456"
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
  default     = "platform-security@bank.example.cn"
}

variable "vpc_cidr" {
  description = "Address space of the platform VPC."
  type        = string
  default     = "10.30.0.0/16"
}

variable "zones" {
  description = "Primary and secondary zones, for the high-availability database."
  type        = list(string)
  default     = ["ap-southeast-1a", "ap-southeast-1b"]
}

variable "app_vswitch_cidrs" {
  description = "vSwitches of the application tier."
  type        = list(string)
  default     = ["10.30.10.0/24", "10.30.11.0/24"]
}

variable "db_vswitch_cidrs" {
  description = "vSwitches of the database tier."
  type        = list(string)
  default     = ["10.30.20.0/24", "10.30.21.0/24"]
}

variable "corporate_cidr" {
  description = "Branch and head-office network, reached over Express Connect."
  type        = string
  default     = "10.100.0.0/16"
}

variable "db_instance_type" {
  description = "Instance type of the customer-records database."
  type        = string
  default     = "mysql.n2.medium.2c"
}

variable "backup_retention_days" {
  description = "RDS backups kept for this many days."
  type        = number
  default     = 3
}

variable "log_retention_days" {
  description = "SLS logstore retention; 网络安全法 Art. 23 asks for at least six months."
  type        = number
  default     = 365
}

variable "audit_log_retention_days" {
  description = "ActionTrail and access logs in OSS (level 2: kept as long as customer records) expire after this many days."
  type        = number
  default     = 3653
}
