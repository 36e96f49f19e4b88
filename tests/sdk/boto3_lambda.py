"""boto3 (AWS's own Python SDK) against the emulator: `python boto3_lambda.py BASE_URL`.

Creates a function, publishes it, then checks that the SDK decodes the emulator's errors as the
exceptions AWS documents: a duplicate name, an unknown function and a MemorySize that breaks the
documented `multipleOf: 64`. Prints one line per step; exits 1 with a message on any mismatch,
2 on a usage error. Nothing reaches AWS: the endpoint is the emulator, credentials are dummies.
"""

import io
import sys
import zipfile

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

FUNCTION = "docspec-sdk-demo"
ROLE = "arn:aws:iam::123456789012:role/lambda-role"
# CreateFunction's Runtime enum (specs/aws_lambda_create_function.yaml) predates python3.7.
RUNTIME = "python3.6"


def fail(message):
    print(f"FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def zip_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return buf.getvalue()


def create(client, name=FUNCTION, memory=256):
    return client.create_function(
        FunctionName=name,
        Runtime=RUNTIME,
        Role=ROLE,
        Handler="handler.handler",
        Code={"ZipFile": zip_bytes()},
        MemorySize=memory,
    )


def expect_error(step, call, code, status, mentions=None):
    try:
        answer = call()
    except ClientError as e:
        got_code = e.response.get("Error", {}).get("Code")
        got_status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        message = e.response.get("Error", {}).get("Message", "")
        check(got_code == code, f"{step}: error code {got_code!r}, expected {code!r} ({e})")
        check(got_status == status, f"{step}: HTTP {got_status}, expected {status} ({e})")
        if mentions is not None:
            check(mentions in message, f"{step}: message {message!r} does not name {mentions}")
        print(f"ok {step}: {code} (HTTP {status}): {message}")
        return
    fail(f"{step}: expected {code}, the call succeeded: {answer}")


def main(argv):
    if len(argv) != 2:
        print("usage: boto3_lambda.py BASE_URL", file=sys.stderr)
        return 2
    client = boto3.client(
        "lambda",
        endpoint_url=argv[1],
        region_name="us-east-1",
        aws_access_key_id="AKIAEMULATOR00000000",
        aws_secret_access_key="emulator-secret",
        # One attempt: errors come back at once instead of after retries.
        config=Config(retries={"total_max_attempts": 1, "mode": "standard"}),
    )

    created = create(client)
    status = created["ResponseMetadata"]["HTTPStatusCode"]
    check(status == 201, f"create_function: HTTP {status}, expected 201")
    check(created["FunctionName"] == FUNCTION, f"create_function: FunctionName {created['FunctionName']!r}")
    check(created["MemorySize"] == 256, f"create_function: MemorySize {created['MemorySize']!r}")
    check(created["Runtime"] == RUNTIME, f"create_function: Runtime {created['Runtime']!r}")
    check(created["Version"] == "$LATEST", f"create_function: Version {created['Version']!r}")
    print(f"ok create_function: {created['FunctionArn']} ({created['CodeSize']} bytes)")

    published = client.publish_version(FunctionName=FUNCTION)
    check(published["Version"] == "1", f"publish_version: Version {published['Version']!r}, expected '1'")
    check(
        published["FunctionArn"] == created["FunctionArn"] + ":1",
        f"publish_version: FunctionArn {published['FunctionArn']!r}",
    )
    check(published["CodeSha256"] == created["CodeSha256"], "publish_version: CodeSha256 changed")
    print(f"ok publish_version: Version {published['Version']}")

    expect_error(
        "create_function (same name)", lambda: create(client), "ResourceConflictException", 409
    )
    expect_error(
        "publish_version (unknown function)",
        lambda: client.publish_version(FunctionName="docspec-no-such-function"),
        "ResourceNotFoundException",
        404,
    )
    # 200 is inside botocore's own client-side check (min 128) but not a multiple of 64: only
    # the server's validator can refuse it.
    expect_error(
        "create_function (MemorySize=200)",
        lambda: create(client, name="docspec-sdk-memory", memory=200),
        "InvalidParameterValueException",
        400,
        mentions="MemorySize",
    )
    print("boto3: all steps passed")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
