"""Two estates seeded into moto through boto3 over HTTP: a hardened one and one with planted violations.

Each estate lives in its own account (reached by assuming a role, as ``--role-arn`` does) and spans two
regions. ``Estate.arn`` maps a short label to the ARN of each resource the scan is expected to judge.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import boto3

HARDENED_ROLE = "arn:aws-cn:iam::111111111111:role/baomi-audit"
INSECURE_ROLE = "arn:aws:iam::222222222222:role/baomi-audit"
HARDENED_REGIONS = ("cn-north-1", "cn-northwest-1")
INSECURE_REGIONS = ("us-east-1", "ap-east-1")  # both outside the default allowed regions (mainland China)
#: the hardened Redshift clusters' parameter group; moto cannot set its require_ssl (stubs.required_ssl answers it)
REDSHIFT_SSL_GROUP = "require-ssl"
#: the estates' IAM Access Analyzer analyzer (hardened: each region; insecure: us-east-1 only) and the hardened
#: estate's AWS Backup plan, whose selection moto cannot hold: tests/aws/stubs.py answers for both
ANALYZER = "baomi-external-access"
BACKUP_PLAN = "customer-daily"

_ALL_BLOCKED = dict.fromkeys(
    ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"), True)
Client = Callable[[str, str], Any]


@dataclass
class Estate:
    account: str
    role_arn: str
    regions: tuple[str, ...]
    partition: str
    arn: dict[str, str] = field(default_factory=dict)

    @property
    def root(self) -> str:
        return f"arn:{self.partition}:iam::{self.account}:root"

    def region_arn(self, service: str, region: str) -> str:
        return f"arn:{_partition(region)}:{service}:{region}:{self.account}:account"


def _partition(region: str) -> str:
    return "aws-cn" if region.startswith("cn-") else "aws"


def role_clients(endpoint: str, role_arn: str) -> Client:
    """A client factory with the credentials of ``role_arn`` (moto files resources under its account)."""
    sts = boto3.client("sts", region_name="us-east-1", endpoint_url=endpoint)
    creds = sts.assume_role(RoleArn=role_arn, RoleSessionName="seed")["Credentials"]
    session = boto3.Session(aws_access_key_id=creds["AccessKeyId"], aws_secret_access_key=creds["SecretAccessKey"],
                            aws_session_token=creds["SessionToken"])
    cache: dict[tuple[str, str], Any] = {}

    def client(service: str, region: str) -> Any:
        if (service, region) not in cache:
            cache[service, region] = session.client(service, region_name=region, endpoint_url=endpoint)
            if service == "s3control":  # see baomi.sources.aws.clients._keep_endpoint_host
                from baomi.sources.aws.clients import _keep_endpoint_host
                _keep_endpoint_host(cache[service, region], endpoint)
        return cache[service, region]

    return client


def _tls_only_policy(bucket: str, partition: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Sid": "DenyPlainHttp", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": [f"arn:{partition}:s3:::{bucket}", f"arn:{partition}:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]})


def _bucket(client: Client, region: str, name: str) -> str:
    kwargs = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
    client("s3", region).create_bucket(Bucket=name, **kwargs)
    return f"arn:{_partition(region)}:s3:::{name}"


def _tag(client: Client, region: str, bucket: str, classification: str) -> None:
    client("s3", region).put_bucket_tagging(
        Bucket=bucket, Tagging={"TagSet": [{"Key": "DataClassification", "Value": classification}]})


def _default_vpc(client: Client, region: str) -> tuple[str, str]:
    """(VPC id, default security group id) of the region's default VPC."""
    ec2 = client("ec2", region)
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    group = ec2.describe_security_groups(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                  {"Name": "group-name", "Values": ["default"]}])["SecurityGroups"][0]
    return vpc, group["GroupId"]


def _ec2_arn(estate: Estate, region: str, kind: str, ident: str) -> str:
    return f"arn:{_partition(region)}:ec2:{region}:{estate.account}:{kind}/{ident}"


def _table(client: Client, region: str, name: str, kms: bool) -> str:
    ddb = client("dynamodb", region)
    sse = {"SSESpecification": {"Enabled": True, "SSEType": "KMS"}} if kms else {}
    table = ddb.create_table(TableName=name, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                             AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                             BillingMode="PAY_PER_REQUEST", **sse)["TableDescription"]
    return str(table["TableArn"])


def _load_balancer(client: Client, region: str, name: str) -> tuple[str, Any]:
    ec2 = client("ec2", region)
    vpc, _ = _default_vpc(client, region)
    found = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
    subnets = [s["SubnetId"] for s in found][:2]
    elb = client("elbv2", region)
    lb = elb.create_load_balancer(Name=name, Subnets=subnets, Scheme="internet-facing", Type="application")
    return lb["LoadBalancers"][0]["LoadBalancerArn"], elb


def _certificate(client: Client, region: str, days: int = 365) -> str:
    """A self-signed certificate valid for ``days`` more days, imported into ACM (a requested one would turn from
    pending validation to issued while the tests run)."""
    import datetime as dt

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bank.example.cn")])
    now = dt.datetime.now(dt.timezone.utc)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
                   .not_valid_after(now + dt.timedelta(days=days))
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName("bank.example.cn")]), critical=False)
                   .sign(key, hashes.SHA256()))
    return str(client("acm", region).import_certificate(
        Certificate=certificate.public_bytes(serialization.Encoding.PEM),
        PrivateKey=key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption()))["CertificateArn"])


def _queue(client: Client, region: str, name: str, attributes: dict[str, str]) -> str:
    sqs = client("sqs", region)
    url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
    return str(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"])


def _stream(client: Client, region: str, name: str, key: str | None) -> str:
    kinesis = client("kinesis", region)
    kinesis.create_stream(StreamName=name, ShardCount=1)
    if key:
        kinesis.start_stream_encryption(StreamName=name, EncryptionType="KMS", KeyId=key)
    return str(kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]["StreamARN"])


def _replication_instance(client: Client, region: str, name: str, public: bool) -> str:
    instance = client("dms", region).create_replication_instance(
        ReplicationInstanceIdentifier=name, ReplicationInstanceClass="dms.t3.micro", PubliclyAccessible=public)
    return str(instance["ReplicationInstance"]["ReplicationInstanceArn"])


def _search_domain(client: Client, region: str, name: str, encrypted: bool, tls_policy: str | None) -> str:
    """An OpenSearch domain; ``tls_policy`` None leaves HTTPS unenforced."""
    endpoint = ({"EnforceHTTPS": True, "TLSSecurityPolicy": tls_policy} if tls_policy else {"EnforceHTTPS": False})
    domain = client("opensearch", region).create_domain(
        DomainName=name, EncryptionAtRestOptions={"Enabled": encrypted},
        NodeToNodeEncryptionOptions={"Enabled": encrypted}, DomainEndpointOptions=endpoint)
    return str(domain["DomainStatus"]["ARN"])


def _distribution(client: Client, region: str, name: str, viewer: str, api_viewer: str,
                  certificate: str | None, tls: str) -> str:
    """A CloudFront distribution with a default and an /api/* cache behaviour; ``certificate`` None keeps the
    default *.cloudfront.net certificate."""
    behaviour = {"TargetOriginId": "origin", "MinTTL": 0,
                 "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}}}
    viewer_certificate = ({"CloudFrontDefaultCertificate": True} if certificate is None else {
        "CloudFrontDefaultCertificate": False, "ACMCertificateArn": certificate, "SSLSupportMethod": "sni-only",
        "MinimumProtocolVersion": tls})
    distribution = client("cloudfront", region).create_distribution(DistributionConfig={
        "CallerReference": name, "Comment": name, "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "origin", "DomainName": f"{name}.example.cn",
                                              "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443,
                                                                     "OriginProtocolPolicy": "https-only"}}]},
        "DefaultCacheBehavior": {**behaviour, "ViewerProtocolPolicy": viewer},
        "CacheBehaviors": {"Quantity": 1, "Items": [{**behaviour, "PathPattern": "/api/*",
                                                     "ViewerProtocolPolicy": api_viewer}]},
        "ViewerCertificate": viewer_certificate})
    return str(distribution["Distribution"]["ARN"])


def _stage(client: Client, region: str, api_name: str, log_group: str | None) -> str:
    """A REST API deployed to a stage "prod", its access logs sent to ``log_group`` (None: no access log)."""
    gateway = client("apigateway", region)
    api = gateway.create_rest_api(name=api_name)["id"]
    root = gateway.get_resources(restApiId=api)["items"][0]["id"]
    gateway.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="AWS_IAM")
    gateway.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK")
    gateway.create_stage(restApiId=api, stageName="prod", deploymentId=gateway.create_deployment(restApiId=api)["id"])
    if log_group:
        gateway.update_stage(restApiId=api, stageName="prod", patchOperations=[
            {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": log_group},
            {"op": "replace", "path": "/accessLogSettings/format",
             "value": "$context.requestId $context.identity.sourceIp"}])
    return f"arn:{_partition(region)}:apigateway:{region}::/restapis/{api}/stages/prod"


def _http_stage(client: Client, region: str, api_name: str, log_group: str | None) -> str:
    """An HTTP API (API Gateway v2) with its stage "$default", its access logs sent to ``log_group`` (None: none)."""
    gateway = client("apigatewayv2", region)
    api = gateway.create_api(Name=api_name, ProtocolType="HTTP")["ApiId"]
    logs = {"AccessLogSettings": {"DestinationArn": log_group,
                                  "Format": "$context.requestId $context.identity.sourceIp"}}
    gateway.create_stage(ApiId=api, StageName="$default", AutoDeploy=True, **(logs if log_group else {}))
    return f"arn:{_partition(region)}:apigateway:{region}::/apis/{api}/stages/$default"


def _domain_name(client: Client, region: str, name: str, certificate: str, policy: str) -> str:
    """A regional custom domain name of REST APIs with the security policy ``policy``."""
    client("apigateway", region).create_domain_name(
        domainName=name, regionalCertificateArn=certificate, endpointConfiguration={"types": ["REGIONAL"]},
        securityPolicy=policy)
    return f"arn:{_partition(region)}:apigateway:{region}::/domainnames/{name}"


#: planted credentials: distinctive, so a test can search every output for them (never real)
LAMBDA_SECRET = "Lambda-Secret-Value-Do-Not-Print-7"
USER_DATA_SECRET = "UserData-Secret-Value-Do-Not-Print-7"
ECS_SECRET = "Ecs-Secret-Value-Do-Not-Print-7"
PLANTED_KEY_ID = "AKIABAOMISEEDED00001"
#: an account no estate trusts by default
STRANGER = "999988887777"


def _zip() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def _function(client: Client, region: str, name: str, variables: dict[str, str]) -> str:
    """A Lambda function with ``variables`` as its environment, under a role of its own."""
    iam = client("iam", region)
    try:
        role = iam.get_role(RoleName="lambda-exec")["Role"]["Arn"]
    except iam.exceptions.NoSuchEntityException:
        role = iam.create_role(RoleName="lambda-exec", AssumeRolePolicyDocument=json.dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                    "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    function = client("lambda", region).create_function(
        FunctionName=name, Runtime="python3.12", Role=role, Handler="handler.handler", Code={"ZipFile": _zip()},
        Environment={"Variables": variables})
    return str(function["FunctionArn"])


def _task_definition(client: Client, region: str, family: str, container: dict[str, Any]) -> str:
    definition = client("ecs", region).register_task_definition(family=family, containerDefinitions=[{
        "name": "app", "image": "registry.example.cn/app:1", "memory": 512, **container}])
    return str(definition["taskDefinition"]["taskDefinitionArn"])


def _user_data(*lines: str) -> str:
    return "\n".join(("#!/bin/bash", *lines)) + "\n"


def _finish_region(client: Client, region: str, estate: Estate) -> None:
    """Record every volume and key of the region, including those moto creates on its own (instance root
    volumes, the default aws/ebs and aws/dynamodb keys). moto files those default keys as customer keys;
    AWS rotates them itself, so rotation is turned on to mirror AWS."""
    for volume in client("ec2", region).describe_volumes()["Volumes"]:
        estate.arn[f"volume:{volume['VolumeId']}"] = _ec2_arn(estate, region, "volume", volume["VolumeId"])
    kms = client("kms", region)
    for key in kms.list_keys()["Keys"]:
        kms.enable_key_rotation(KeyId=key["KeyId"])
        estate.arn[f"key:{key['KeyId']}"] = key["KeyArn"]


def seed_hardened(endpoint: str) -> Estate:
    estate = Estate("111111111111", HARDENED_ROLE, HARDENED_REGIONS, "aws-cn")
    client = role_clients(endpoint, HARDENED_ROLE)
    home = HARDENED_REGIONS[0]
    _seed_hardened_identity(client, home, estate)
    client("s3control", home).put_public_access_block(AccountId=estate.account,
                                                      PublicAccessBlockConfiguration=_ALL_BLOCKED)
    for region in HARDENED_REGIONS:
        _seed_hardened_region(client, region, estate, primary=region == home)
    return estate


def _seed_hardened_identity(client: Client, home: str, estate: Estate) -> None:
    iam = client("iam", home)
    iam.update_account_password_policy(MinimumPasswordLength=16, RequireSymbols=True, RequireNumbers=True,
                                       RequireUppercaseCharacters=True, RequireLowercaseCharacters=True,
                                       MaxPasswordAge=60, PasswordReusePrevention=12)
    for name in ("alice", "bo"):
        user = iam.create_user(UserName=name)["User"]
        iam.create_login_profile(UserName=name, Password="Correct-Horse-Battery-9")
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]
        iam.enable_mfa_device(UserName=name, SerialNumber=device["SerialNumber"],
                              AuthenticationCode1="123456", AuthenticationCode2="654321")
        estate.arn[f"user:{name}"] = user["Arn"]
    readonly = iam.create_policy(PolicyName="ReadReports", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*"}]}))["Policy"]["Arn"]
    iam.attach_user_policy(UserName="bo", PolicyArn=readonly)


def _seed_hardened_region(client: Client, region: str, estate: Estate, primary: bool) -> None:
    p, acct = _partition(region), estate.account
    kms = client("kms", region)
    key = kms.create_key(Description="customer data")["KeyMetadata"]
    kms.enable_key_rotation(KeyId=key["KeyId"])

    s3 = client("s3", region)
    logs_bucket, data_bucket = f"hardened-logs-{region}", f"hardened-data-{region}"
    # levels of JR/T 0197-2020, however spelled; both mark customer data (levels 2 to 4), so both keep it ten years
    buckets = ((logs_bucket, "L2"), (data_bucket, "3"))
    for bucket, _ in buckets:
        estate.arn[f"bucket:{bucket}"] = _bucket(client, region, bucket)
    s3.put_bucket_acl(Bucket=logs_bucket, ACL="log-delivery-write")
    for bucket, _ in buckets:  # before any bucket policy: moto's logging check trips on Principal "*"
        s3.put_bucket_logging(Bucket=bucket, BucketLoggingStatus={
            "LoggingEnabled": {"TargetBucket": logs_bucket, "TargetPrefix": f"{bucket}/"}})
    for bucket, classification in buckets:
        # access-log delivery cannot write to SSE-KMS buckets: the log bucket uses SSE-S3 (a low-severity note)
        default = ({"SSEAlgorithm": "AES256"} if bucket == logs_bucket
                   else {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key["Arn"]})
        s3.put_bucket_encryption(Bucket=bucket, ServerSideEncryptionConfiguration={"Rules": [{
            "ApplyServerSideEncryptionByDefault": default}]})
        s3.put_public_access_block(Bucket=bucket, PublicAccessBlockConfiguration=_ALL_BLOCKED)
        s3.put_bucket_policy(Bucket=bucket, Policy=_tls_only_policy(bucket, p))
        s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        _tag(client, region, bucket, classification)
    for bucket in (logs_bucket, data_bucket):  # min_record_retention_days: 3653
        s3.put_bucket_lifecycle_configuration(Bucket=bucket, LifecycleConfiguration={"Rules": [{
            "ID": "retention", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 3653}}]})

    rds = client("rds", region)
    engine, version, family, parameter, value = (
        ("postgres", "16.3", "postgres16", "rds.force_ssl", "1") if primary
        else ("mysql", "8.0.35", "mysql8.0", "require_secure_transport", "ON"))
    rds.create_db_parameter_group(DBParameterGroupName=f"tls-{engine}", DBParameterGroupFamily=family,
                                  Description="force TLS")
    rds.modify_db_parameter_group(DBParameterGroupName=f"tls-{engine}", Parameters=[
        {"ParameterName": parameter, "ParameterValue": value, "ApplyMethod": "immediate"}])
    db = rds.create_db_instance(
        DBInstanceIdentifier=f"customers-{region}", Engine=engine, EngineVersion=version,
        DBInstanceClass="db.m6g.large", AllocatedStorage=100, MasterUsername="dbadmin",
        MasterUserPassword="Not-A-Real-Secret-1", StorageEncrypted=True, KmsKeyId=key["Arn"],
        PubliclyAccessible=False, BackupRetentionPeriod=14, EnableIAMDatabaseAuthentication=True,
        EnableCloudwatchLogsExports=["postgresql" if engine == "postgres" else "audit"], DeletionProtection=True,
        MultiAZ=True, AutoMinorVersionUpgrade=True, DBParameterGroupName=f"tls-{engine}")["DBInstance"]
    estate.arn[f"db:{region}"] = db["DBInstanceArn"]
    snapshot = rds.create_db_snapshot(DBSnapshotIdentifier=f"customers-{region}-manual",
                                      DBInstanceIdentifier=f"customers-{region}")["DBSnapshot"]
    estate.arn[f"snapshot:{region}"] = snapshot["DBSnapshotArn"]

    ec2 = client("ec2", region)
    ec2.enable_ebs_encryption_by_default()
    volume = ec2.create_volume(AvailabilityZone=f"{region}a", Size=10, Encrypted=True, KmsKeyId=key["Arn"])
    ebs_snapshot = ec2.create_snapshot(VolumeId=volume["VolumeId"])["SnapshotId"]  # shared with no one
    estate.arn[f"ebs-snapshot:{region}"] = _ec2_arn(estate, region, "snapshot", ebs_snapshot)
    vpc, default_group = _default_vpc(client, region)
    ec2.revoke_security_group_egress(GroupId=default_group, IpPermissions=[
        {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    estate.arn[f"sg:default:{region}"] = _ec2_arn(estate, region, "security-group", default_group)
    web = ec2.create_security_group(GroupName="web", Description="HTTPS from the internet", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=web, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    database = ec2.create_security_group(GroupName="db", Description="PostgreSQL from web", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=database, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "UserIdGroupPairs": [{"GroupId": web}]}])
    estate.arn[f"sg:web:{region}"] = _ec2_arn(estate, region, "security-group", web)
    estate.arn[f"sg:db:{region}"] = _ec2_arn(estate, region, "security-group", database)
    instance = ec2.run_instances(ImageId="ami-0abcdef1234567890", MinCount=1, MaxCount=1, InstanceType="t3.micro",
                                 SecurityGroupIds=[web], MetadataOptions={"HttpTokens": "required"},
                                 UserData=_user_data(  # fetched at boot: a reference, no credential
                                     "export DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id db)",
                                     "systemctl start app"),
                                 BlockDeviceMappings=[{"DeviceName": "/dev/xvda",
                                                       "Ebs": {"VolumeSize": 8, "Encrypted": True}}])
    instance_id = instance["Instances"][0]["InstanceId"]
    estate.arn[f"instance:{region}"] = _ec2_arn(estate, region, "instance", instance_id)
    ec2.create_flow_logs(ResourceIds=[vpc], ResourceType="VPC", TrafficType="ALL",
                         LogDestinationType="cloud-watch-logs", LogGroupName=f"flow-{region}",
                         DeliverLogsPermissionArn=f"arn:{p}:iam::{acct}:role/flow-logs")
    estate.arn[f"vpc:{region}"] = _ec2_arn(estate, region, "vpc", vpc)

    logs = client("logs", region)
    logs.create_log_group(logGroupName=f"app-{region}", kmsKeyId=key["Arn"])
    logs.put_retention_policy(logGroupName=f"app-{region}", retentionInDays=400)
    estate.arn[f"loggroup:{region}"] = f"arn:{p}:logs:{region}:{acct}:log-group:app-{region}"

    if primary:
        trail = client("cloudtrail", region).create_trail(
            Name="org-audit", S3BucketName=logs_bucket, IsMultiRegionTrail=True, EnableLogFileValidation=True,
            KmsKeyId=key["Arn"])
        client("cloudtrail", region).start_logging(Name="org-audit")
        estate.arn["trail"] = trail["TrailARN"]

    client("guardduty", region).create_detector(Enable=True)
    config = client("config", region)
    config.put_configuration_recorder(ConfigurationRecorder={
        "name": "default", "roleARN": f"arn:{p}:iam::{acct}:role/config",
        "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": primary}})
    config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": logs_bucket})
    config.start_configuration_recorder(ConfigurationRecorderName="default")
    client("securityhub", region).enable_security_hub(EnableDefaultStandards=True)
    client("inspector2", region).enable(accountIds=[acct], resourceTypes=["EC2", "ECR"])

    secret = client("secretsmanager", region).create_secret(Name=f"db-{region}", SecretString="placeholder")
    client("secretsmanager", region).rotate_secret(SecretId=secret["ARN"],
                                                   RotationRules={"AutomaticallyAfterDays": 30})
    estate.arn[f"secret:{region}"] = secret["ARN"]
    # the environment names where the credential is kept, never the credential
    estate.arn[f"function:{region}"] = _function(client, region, f"statements-{region}", {
        "LOG_LEVEL": "info", "DB_PASSWORD_ARN": secret["ARN"]})
    estate.arn[f"task:{region}"] = _task_definition(client, region, f"api-{region}", {
        "environment": [{"name": "LOG_LEVEL", "value": "info"}],
        "secrets": [{"name": "DB_PASSWORD", "valueFrom": secret["ARN"]}]})

    estate.arn[f"table:{region}"] = _table(client, region, f"sessions-{region}", kms=True)
    client("dynamodb", region).update_continuous_backups(
        TableName=f"sessions-{region}", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    group = client("elasticache", region).create_replication_group(
        ReplicationGroupId=f"cache-{region[-1]}", ReplicationGroupDescription="sessions", Engine="redis",
        CacheNodeType="cache.t3.micro", NumCacheClusters=1, AtRestEncryptionEnabled=True,
        TransitEncryptionEnabled=True)["ReplicationGroup"]
    estate.arn[f"cache:{region}"] = group["ARN"]
    client("redshift", region).create_cluster_parameter_group(  # require_ssl = true: see stubs.required_ssl
        ParameterGroupName=REDSHIFT_SSL_GROUP, ParameterGroupFamily="redshift-1.0", Description="TLS only")
    client("redshift", region).create_cluster(
        ClusterIdentifier=f"warehouse-{region[-1]}", NodeType="ra3.xlplus", MasterUsername="dwadmin",
        MasterUserPassword="Not-A-Real-Secret-1", Encrypted=True, KmsKeyId=key["Arn"],
        ClusterParameterGroupName=REDSHIFT_SSL_GROUP)
    estate.arn[f"redshift:{region}"] = f"arn:{p}:redshift:{region}:{acct}:cluster:warehouse-{region[-1]}"
    suffix = region[-1]
    estate.arn[f"queue:{region}"] = _queue(client, region, f"payments-{suffix}", {"KmsMasterKeyId": key["Arn"]})
    estate.arn[f"topic:{region}"] = client("sns", region).create_topic(
        Name=f"alerts-{suffix}", Attributes={"KmsMasterKeyId": key["Arn"]})["TopicArn"]
    estate.arn[f"stream:{region}"] = _stream(client, region, f"transactions-{suffix}", key["Arn"])
    estate.arn[f"efs:{region}"] = client("efs", region).create_file_system(
        CreationToken=f"statements-{suffix}", Encrypted=True, KmsKeyId=key["Arn"])["FileSystemArn"]
    estate.arn[f"dms:{region}"] = _replication_instance(client, region, f"migrate-{suffix}", public=False)
    estate.arn[f"search:{region}"] = _search_domain(client, region, f"search-{suffix}", encrypted=True,
                                                    tls_policy="Policy-Min-TLS-1-2-2019-07")

    lb_arn, elb = _load_balancer(client, region, f"web-{region[-1]}")
    estate.arn[f"cert:{region}"] = certificate = _certificate(client, region)
    estate.arn[f"stage:{region}"] = _stage(client, region, f"open-banking-{region[-1]}",
                                           f"arn:{p}:logs:{region}:{acct}:log-group:api-access")
    estate.arn[f"http-stage:{region}"] = _http_stage(client, region, f"open-banking-http-{region[-1]}",
                                                     f"arn:{p}:logs:{region}:{acct}:log-group:api-access")
    estate.arn[f"api-domain:{region}"] = _domain_name(client, region, f"api-{region}.bank.example.cn", certificate,
                                                      "TLS_1_2")
    backup = client("backup", region)  # backups under the customer key, locked for 35 days at least
    estate.arn[f"vault:{region}"] = backup.create_backup_vault(
        BackupVaultName=f"customer-backups-{region[-1]}", EncryptionKeyArn=key["Arn"])["BackupVaultArn"]
    backup.put_backup_vault_lock_configuration(BackupVaultName=f"customer-backups-{region[-1]}", MinRetentionDays=35)
    backup.create_backup_plan(BackupPlan={"BackupPlanName": BACKUP_PLAN, "Rules": [{
        "RuleName": "daily", "TargetBackupVaultName": f"customer-backups-{region[-1]}",
        "ScheduleExpression": "cron(0 3 * * ? *)", "Lifecycle": {"DeleteAfterDays": 35}}]})
    estate.arn[f"analyzer:{region}"] = f"arn:aws-cn:access-analyzer:{region}:{estate.account}:analyzer/{ANALYZER}"
    if primary:  # CloudFront is global: one distribution, asked in the home region
        estate.arn["cdn"] = _distribution(client, region, "portal", "redirect-to-https", "https-only", certificate,
                                          "TLSv1.2_2021")
    https = elb.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTPS", Port=443,
                                SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06",
                                Certificates=[{"CertificateArn": certificate}],
                                DefaultActions=[{"Type": "fixed-response", "FixedResponseConfig": {
                                    "StatusCode": "200", "ContentType": "text/plain", "MessageBody": "ok"}}])
    redirect = elb.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=80, DefaultActions=[{
        "Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])
    estate.arn[f"listener:https:{region}"] = https["Listeners"][0]["ListenerArn"]
    estate.arn[f"listener:http:{region}"] = redirect["Listeners"][0]["ListenerArn"]
    _finish_region(client, region, estate)


def seed_insecure(endpoint: str) -> Estate:
    """Every planted violation is named in the comments; tests/aws/test_estates.py expects each one."""
    estate = Estate("222222222222", INSECURE_ROLE, INSECURE_REGIONS, "aws")
    client = role_clients(endpoint, INSECURE_ROLE)
    home = INSECURE_REGIONS[0]
    iam = client("iam", home)  # no password policy, no account-wide S3 public access block
    bob = iam.create_user(UserName="bob")["User"]  # console user without MFA
    iam.create_login_profile(UserName="bob", Password="Password123!")
    carol = iam.create_user(UserName="carol")["User"]  # AdministratorAccess attached directly, access key
    iam.create_login_profile(UserName="carol", Password="Correct-Horse-Battery-9")
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="carol")["VirtualMFADevice"]
    iam.enable_mfa_device(UserName="carol", SerialNumber=device["SerialNumber"],
                          AuthenticationCode1="123456", AuthenticationCode2="654321")
    iam.attach_user_policy(UserName="carol", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    iam.create_access_key(UserName="carol")
    dave = iam.create_user(UserName="dave")["User"]  # inline policy allowing *:*, access key
    iam.put_user_policy(UserName="dave", PolicyName="everything", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    iam.create_access_key(UserName="dave")
    estate.arn.update({"user:bob": bob["Arn"], "user:carol": carol["Arn"], "user:dave": dave["Arn"]})
    _seed_insecure_home(client, home, estate)
    _seed_insecure_second(client, INSECURE_REGIONS[1], estate)
    return estate


def _seed_insecure_home(client: Client, region: str, estate: Estate) -> None:
    """us-east-1: data stores outside the allowed regions, with everything off."""
    p, acct = _partition(region), estate.account
    # bucket with nothing: no encryption, no block, no TLS policy, no versioning, no logging, no tags
    estate.arn["bucket:open"] = _bucket(client, region, "insecure-open-us-east-1")
    estate.arn["analyzer"] = f"arn:aws:access-analyzer:{region}:{acct}:analyzer/{ANALYZER}"  # stubs.py answers

    rds = client("rds", region)
    db = rds.create_db_instance(
        DBInstanceIdentifier="legacy-mysql", Engine="mysql", EngineVersion="8.0.35", DBInstanceClass="db.t3.micro",
        AllocatedStorage=20, MasterUsername="dbadmin", MasterUserPassword="Not-A-Real-Secret-1",
        StorageEncrypted=False, PubliclyAccessible=True, BackupRetentionPeriod=1, MultiAZ=False,
        DeletionProtection=False, AutoMinorVersionUpgrade=False)["DBInstance"]
    estate.arn["db:mysql"] = db["DBInstanceArn"]
    snapshot = rds.create_db_snapshot(DBSnapshotIdentifier="legacy-mysql-shared",
                                      DBInstanceIdentifier="legacy-mysql")["DBSnapshot"]
    rds.modify_db_snapshot_attribute(DBSnapshotIdentifier="legacy-mysql-shared", AttributeName="restore",
                                     ValuesToAdd=["all"])  # public snapshot
    estate.arn["snapshot:public"] = snapshot["DBSnapshotArn"]

    ec2 = client("ec2", region)  # EBS encryption by default stays off
    volume = ec2.create_volume(AvailabilityZone=f"{region}a", Size=10, Encrypted=False)["VolumeId"]
    public_snapshot = ec2.create_snapshot(VolumeId=volume)["SnapshotId"]  # anyone may create volumes from it
    ec2.modify_snapshot_attribute(SnapshotId=public_snapshot, Attribute="createVolumePermission",
                                  OperationType="add", GroupNames=["all"])
    shared_snapshot = ec2.create_snapshot(VolumeId=volume)["SnapshotId"]  # shared with an account nobody trusts
    ec2.modify_snapshot_attribute(SnapshotId=shared_snapshot, Attribute="createVolumePermission",
                                  OperationType="add", UserIds=[STRANGER])
    estate.arn["ebs-snapshot:public"] = _ec2_arn(estate, region, "snapshot", public_snapshot)
    estate.arn["ebs-snapshot:shared"] = _ec2_arn(estate, region, "snapshot", shared_snapshot)
    vpc, default_group = _default_vpc(client, region)  # default group keeps its allow-all egress; no flow logs
    estate.arn[f"sg:default:{region}"] = _ec2_arn(estate, region, "security-group", default_group)
    estate.arn[f"vpc:{region}"] = _ec2_arn(estate, region, "vpc", vpc)
    ssh = ec2.create_security_group(GroupName="ssh", Description="SSH from anywhere", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=ssh, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    postgres = ec2.create_security_group(GroupName="pg", Description="PostgreSQL over IPv6", VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=postgres, IpPermissions=[
        {"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]}])
    estate.arn["sg:ssh"] = _ec2_arn(estate, region, "security-group", ssh)
    estate.arn["sg:pg"] = _ec2_arn(estate, region, "security-group", postgres)
    instance = ec2.run_instances(ImageId="ami-0abcdef1234567890", MinCount=1, MaxCount=1, InstanceType="t3.micro",
                                 MetadataOptions={"HttpTokens": "optional"},  # IMDSv1 allowed
                                 UserData=_user_data(f"export DB_PASSWORD={USER_DATA_SECRET}",  # credentials
                                                     f"aws configure set aws_access_key_id {PLANTED_KEY_ID}"))
    estate.arn["instance"] = _ec2_arn(estate, region, "instance", instance["Instances"][0]["InstanceId"])

    trail_bucket = _bucket(client, region, "insecure-trail-us-east-1")
    estate.arn["bucket:trail"] = trail_bucket
    _tag(client, region, "insecure-trail-us-east-1", "confidential")  # a label, but no level of the scheme
    client("s3", region).put_bucket_policy(Bucket="insecure-trail-us-east-1", Policy=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Sid": "AnyoneReads", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",  # public
             "Resource": "arn:aws:s3:::insecure-trail-us-east-1/*"},
            {"Sid": "PartnerLists", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{STRANGER}:root"},
             "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::insecure-trail-us-east-1"}]}))  # cross-account
    client("s3", region).put_bucket_acl(Bucket="insecure-open-us-east-1", ACL="public-read")  # public ACL
    # single-region trail without validation or KMS, never started
    trail = client("cloudtrail", region).create_trail(Name="local", S3BucketName="insecure-trail-us-east-1")
    estate.arn["trail"] = trail["TrailARN"]
    client("logs", region).create_log_group(logGroupName="app")  # 30 days, no KMS
    client("logs", region).put_retention_policy(logGroupName="app", retentionInDays=30)
    estate.arn["loggroup"] = f"arn:{p}:logs:{region}:{acct}:log-group:app"
    client("guardduty", region).create_detector(Enable=False)  # a detector that is switched off
    client("macie2", region).disable_macie()  # no Macie session

    secret = client("secretsmanager", region).create_secret(Name="legacy-db", SecretString="placeholder")
    estate.arn["secret"] = secret["ARN"]  # never rotates
    estate.arn["function"] = _function(client, region, "legacy-export", {  # credentials in the environment
        "LOG_LEVEL": "debug", "DB_PASSWORD": LAMBDA_SECRET, "UPSTREAM_KEY": PLANTED_KEY_ID})
    estate.arn["task"] = _task_definition(client, region, "legacy-api", {  # a credential in plain environment
        "environment": [{"name": "API_TOKEN", "value": ECS_SECRET}, {"name": "PORT", "value": "8080"}]})
    estate.arn["table"] = _table(client, region, "customers", kms=False)  # no PITR, AWS-owned key
    cache = client("elasticache", region).create_cache_cluster(
        CacheClusterId="sessions", Engine="memcached", CacheNodeType="cache.t3.micro", NumCacheNodes=1)
    estate.arn["cache"] = cache["CacheCluster"]["ARN"]  # no encryption at rest or in transit
    client("redshift", region).create_cluster(
        ClusterIdentifier="warehouse", NodeType="ra3.xlplus", MasterUsername="dwadmin",
        MasterUserPassword="Not-A-Real-Secret-1", Encrypted=False, PubliclyAccessible=True)  # and public
    estate.arn["redshift"] = f"arn:{p}:redshift:{region}:{acct}:cluster:warehouse"
    # SSE explicitly off; a topic without a KMS key; a stream and a file system without encryption
    estate.arn["queue:plain"] = _queue(client, region, "payments", {"SqsManagedSseEnabled": "false"})
    estate.arn["topic"] = client("sns", region).create_topic(Name="alerts")["TopicArn"]
    estate.arn["stream"] = _stream(client, region, "transactions", None)
    estate.arn["efs"] = client("efs", region).create_file_system(CreationToken="statements")["FileSystemArn"]
    estate.arn["dms"] = _replication_instance(client, region, "migrate", public=True)  # public address
    # no encryption at rest or between nodes, plain HTTP accepted
    estate.arn["search:open"] = _search_domain(client, region, "search-open", encrypted=False, tls_policy=None)

    lb_arn, elb = _load_balancer(client, region, "legacy-web")
    estate.arn["cert:listener"] = certificate = _certificate(client, region)
    estate.arn["cert:expiring"] = _certificate(client, region, days=10)  # imported, so ACM never renews it
    estate.arn["stage"] = _stage(client, region, "legacy-api", None)  # no access log
    estate.arn["http-stage"] = _http_stage(client, region, "legacy-http-api", None)  # no access log
    estate.arn["api-domain"] = _domain_name(client, region, "legacy-api.bank.example.com", certificate, "TLS_1_0")
    # /api/* served over plain HTTP, on the default certificate (TLS 1.0 accepted)
    estate.arn["cdn:open"] = _distribution(client, region, "legacy-portal", "redirect-to-https", "allow-all", None,
                                           "TLSv1")
    # HTTPS only, on an own certificate whose policy still accepts TLS 1.0
    estate.arn["cdn:tls1"] = _distribution(client, region, "statements-portal", "https-only", "https-only",
                                           certificate, "TLSv1_2016")
    plain = elb.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTP", Port=80, DefaultActions=[{
        "Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "200"}}])  # clear-text HTTP
    weak = elb.create_listener(LoadBalancerArn=lb_arn, Protocol="HTTPS", Port=443,
                               SslPolicy="ELBSecurityPolicy-2016-08",
                               Certificates=[{"CertificateArn": certificate}],
                               DefaultActions=[{"Type": "fixed-response",
                                                "FixedResponseConfig": {"StatusCode": "200"}}])  # TLS 1.0 allowed
    estate.arn["listener:http"] = plain["Listeners"][0]["ListenerArn"]
    estate.arn["listener:weak"] = weak["Listeners"][0]["ListenerArn"]
    _finish_region(client, region, estate)
    key = client("kms", region).create_key(Description="no rotation")["KeyMetadata"]  # after _finish_region
    estate.arn["key:unrotated"] = key["Arn"]
    kms = client("kms", region)
    for label, principal in (("public", "*"), ("shared", {"AWS": f"arn:aws:iam::{STRANGER}:root"})):
        policy = {"Version": "2012-10-17", "Statement": [
            {"Sid": "Owner", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{estate.account}:root"},
             "Action": "kms:*", "Resource": "*"},
            {"Sid": "Decrypt", "Effect": "Allow", "Principal": principal, "Action": "kms:Decrypt", "Resource": "*"}]}
        exposed = kms.create_key(Description=f"{label} key", Policy=json.dumps(policy))["KeyMetadata"]
        kms.enable_key_rotation(KeyId=exposed["KeyId"])
        estate.arn[f"key:{label}"] = exposed["Arn"]
    # a vault whose key is scheduled for deletion, without a vault lock
    retired = kms.create_key(Description="retired backup key")["KeyMetadata"]
    kms.schedule_key_deletion(KeyId=retired["KeyId"], PendingWindowInDays=7)
    estate.arn["vault"] = client("backup", region).create_backup_vault(
        BackupVaultName="legacy-backups", EncryptionKeyArn=retired["Arn"])["BackupVaultArn"]


def _seed_insecure_second(client: Client, region: str, estate: Estate) -> None:
    """ap-east-1 (Hong Kong): outside mainland China too."""
    s3 = client("s3", region)
    estate.arn["bucket:customers"] = _bucket(client, region, "insecure-customers-ap-east-1")
    # SSE-S3 only, tagged as customer data without a lifecycle rule
    s3.put_bucket_encryption(Bucket="insecure-customers-ap-east-1", ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    _tag(client, region, "insecure-customers-ap-east-1", "3")
    estate.arn["bucket:statements"] = _bucket(client, region, "insecure-statements-ap-east-1")
    # SSE-S3 only, tagged as customer data, expired after a year: under the ten years of min_record_retention_days
    s3.put_bucket_encryption(Bucket="insecure-statements-ap-east-1", ServerSideEncryptionConfiguration={
        "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]})
    _tag(client, region, "insecure-statements-ap-east-1", "4级")
    s3.put_bucket_lifecycle_configuration(Bucket="insecure-statements-ap-east-1", LifecycleConfiguration={"Rules": [{
        "ID": "one-year", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 365}}]})
    rds = client("rds", region)
    db = rds.create_db_instance(  # PostgreSQL 13 on the default parameter group: TLS not forced
        DBInstanceIdentifier="reports-pg", Engine="postgres", EngineVersion="13.7", DBInstanceClass="db.t3.micro",
        AllocatedStorage=20, MasterUsername="dbadmin", MasterUserPassword="Not-A-Real-Secret-1",
        StorageEncrypted=True, PubliclyAccessible=False, BackupRetentionPeriod=3, MultiAZ=False,
        DeletionProtection=False, AutoMinorVersionUpgrade=True)["DBInstance"]
    estate.arn["db:postgres"] = db["DBInstanceArn"]
    snapshot = rds.create_db_snapshot(DBSnapshotIdentifier="reports-pg-partner",
                                      DBInstanceIdentifier="reports-pg")["DBSnapshot"]
    rds.modify_db_snapshot_attribute(DBSnapshotIdentifier="reports-pg-partner", AttributeName="restore",
                                     ValuesToAdd=[STRANGER])  # shared with an account nobody trusts
    estate.arn["snapshot:partner"] = snapshot["DBSnapshotArn"]
    estate.arn["queue:default"] = _queue(client, region, "reports", {})  # SSE-SQS, the default of new queues
    client("macie2", region).enable_macie(status="PAUSED")  # enabled once, then paused
    # encrypted, HTTPS enforced, but with the policy that still accepts TLS 1.0 and 1.1
    estate.arn["search:tls10"] = _search_domain(client, region, "search-legacy", encrypted=True,
                                                tls_policy="Policy-Min-TLS-1-0-2019-07")
    vpc, default_group = _default_vpc(client, region)
    estate.arn[f"sg:default:{region}"] = _ec2_arn(estate, region, "security-group", default_group)
    estate.arn[f"vpc:{region}"] = _ec2_arn(estate, region, "vpc", vpc)
    _finish_region(client, region, estate)
