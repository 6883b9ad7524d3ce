# Written for baomi's corpus (not upstream): the module's README usage of a predefined-rules submodule,
# with the MySQL group opened to every address. modules/mysql adds the rule by name ("mysql-tcp").
module "mysql_sg" {
  source = "../../modules/mysql"

  name                = "customers-db"
  description         = "MySQL open to the internet"
  ingress_cidr_blocks = ["0.0.0.0/0"]
}
