"""Custom checkov checks for CloudFormation: twins of the Terraform ones, judging the same rules."""
