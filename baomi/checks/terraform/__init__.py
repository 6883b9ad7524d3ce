"""Custom checkov checks for Terraform (HCL and plan), plus the cloud-neutral rules they share with
the CloudFormation twins."""
