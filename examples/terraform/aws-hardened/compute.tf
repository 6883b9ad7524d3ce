# Customer API servers: private subnets, no public address, IMDSv2 only, encrypted volumes, SSM instead
# of SSH.

resource "aws_launch_template" "app" {
  name_prefix   = "${local.name}-customer-api-"
  image_id      = var.app_ami_id
  instance_type = var.app_instance_type
  ebs_optimized = true

  iam_instance_profile {
    arn = aws_iam_instance_profile.app.arn
  }

  network_interfaces {
    associate_public_ip_address = false
    security_groups             = [aws_security_group.app.id]
    delete_on_termination       = true
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }

  monitoring {
    enabled = true
  }

  block_device_mappings {
    device_name = "/dev/xvda"

    ebs {
      volume_size           = 50
      volume_type           = "gp3"
      encrypted             = true
      kms_key_id            = aws_kms_key.customer_data.arn
      delete_on_termination = true
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags          = { Name = "${local.name}-customer-api" }
  }

  tag_specifications {
    resource_type = "volume"
    tags          = merge(local.customer_data_tags, { Name = "${local.name}-customer-api" })
  }
}

resource "aws_autoscaling_group" "app" {
  name                      = "${local.name}-customer-api"
  min_size                  = 2
  max_size                  = 6
  desired_capacity          = 2
  vpc_zone_identifier       = aws_subnet.app[*].id
  health_check_type         = "EC2"
  health_check_grace_period = 300

  launch_template {
    id      = aws_launch_template.app.id
    version = "$Latest"
  }

  tag {
    key                 = "Name"
    value               = "${local.name}-customer-api"
    propagate_at_launch = true
  }
}
