variable "region" {
  default     = "cn-hangzhou"
  description = "The region of the RDS instance."
  type        = string
}
