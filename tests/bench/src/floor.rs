//! The floor: the request bodies read by serde's derive into hand-written structs of the same
//! members, checking nothing a schema documents (every member optional, enums as strings, a
//! one-of group as its members). What reading the bytes costs with no validation at all.
//! Unknown members are refused, so a member missing here cannot make the floor cheaper by
//! being skipped (the input test reads every valid body of the corpus with these types).

#![allow(missing_docs, dead_code)]

use docspec_runtime::Int64;
use serde::Deserialize;
use std::collections::BTreeMap;

pub mod yandex {
    use super::*;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct CreateVersionRequest {
        pub async_invocation_config: Option<AsyncInvocationConfig>,
        pub concurrency: Option<Int64>,
        pub connectivity: Option<Connectivity>,
        pub description: Option<String>,
        pub entrypoint: Option<String>,
        pub environment: Option<BTreeMap<String, String>>,
        pub execution_timeout: Option<String>,
        pub function_id: Option<String>,
        pub log_options: Option<LogOptions>,
        pub named_service_accounts: Option<BTreeMap<String, String>>,
        pub resources: Option<Resources>,
        pub runtime: Option<String>,
        pub secrets: Option<Vec<Secret>>,
        pub service_account_id: Option<String>,
        pub storage_mounts: Option<Vec<StorageMount>>,
        pub tag: Option<Vec<String>>,
        pub tmpfs_size: Option<Int64>,
        pub package: Option<Package>,
        pub content: Option<String>,
        pub version_id: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct AsyncInvocationConfig {
        pub failure_target: Option<InvocationTarget>,
        pub retries_count: Option<Int64>,
        pub service_account_id: Option<String>,
        pub success_target: Option<InvocationTarget>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct InvocationTarget {
        pub empty_target: Option<EmptyTarget>,
        pub ymq_target: Option<YmqTarget>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct EmptyTarget {}

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct YmqTarget {
        pub queue_arn: Option<String>,
        pub service_account_id: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct Connectivity {
        pub network_id: Option<String>,
        pub subnet_id: Option<Vec<String>>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct LogOptions {
        pub disabled: Option<bool>,
        pub min_level: Option<String>,
        pub log_group_id: Option<String>,
        pub folder_id: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct Package {
        pub bucket_name: Option<String>,
        pub object_name: Option<String>,
        pub sha256: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct Resources {
        pub memory: Option<Int64>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct Secret {
        pub environment_variable: Option<String>,
        pub id: Option<String>,
        pub key: Option<String>,
        pub version_id: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct StorageMount {
        pub bucket_id: Option<String>,
        pub mount_point_name: Option<String>,
        pub prefix: Option<String>,
        pub read_only: Option<bool>,
    }

    /// The 2020 document's request: a subset of the members above.
    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "camelCase")]
    pub struct CreateVersionRequest2020 {
        pub description: Option<String>,
        pub entrypoint: Option<String>,
        pub environment: Option<BTreeMap<String, String>>,
        pub execution_timeout: Option<String>,
        pub function_id: Option<String>,
        pub resources: Option<Resources>,
        pub runtime: Option<String>,
        pub service_account_id: Option<String>,
        pub package: Option<Package>,
        pub content: Option<String>,
    }
}

pub mod aws {
    use super::*;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct CreateFunctionRequest {
        pub code: Option<FunctionCode>,
        pub dead_letter_config: Option<DeadLetterConfig>,
        pub description: Option<String>,
        pub environment: Option<Environment>,
        pub function_name: Option<String>,
        pub handler: Option<String>,
        #[serde(rename = "KMSKeyArn")]
        pub kms_key_arn: Option<String>,
        pub memory_size: Option<i32>,
        pub publish: Option<bool>,
        pub role: Option<String>,
        pub runtime: Option<String>,
        pub tags: Option<BTreeMap<String, String>>,
        pub timeout: Option<i32>,
        pub tracing_config: Option<TracingConfig>,
        pub vpc_config: Option<VpcConfig>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    pub struct FunctionCode {
        #[serde(rename = "S3Bucket")]
        pub s3_bucket: Option<String>,
        #[serde(rename = "S3Key")]
        pub s3_key: Option<String>,
        #[serde(rename = "S3ObjectVersion")]
        pub s3_object_version: Option<String>,
        #[serde(rename = "ZipFile")]
        pub zip_file: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct DeadLetterConfig {
        pub target_arn: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct Environment {
        pub variables: Option<BTreeMap<String, String>>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct TracingConfig {
        pub mode: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct VpcConfig {
        pub security_group_ids: Option<Vec<String>>,
        pub subnet_ids: Option<Vec<String>>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields, rename_all = "PascalCase")]
    pub struct PublishVersionRequest {
        pub code_sha256: Option<String>,
        pub description: Option<String>,
        pub revision_id: Option<String>,
    }
}

/// Reads `bytes` into the floor type of `spec`; whether serde accepted them.
pub fn read(spec: &str, bytes: &[u8]) -> bool {
    match spec {
        "yandex_functions_create_version.yaml" => {
            serde_json::from_slice::<yandex::CreateVersionRequest>(bytes).is_ok()
        }
        "yandex_functions_create_version_2020.yaml" => {
            serde_json::from_slice::<yandex::CreateVersionRequest2020>(bytes).is_ok()
        }
        "aws_lambda_create_function.yaml" => {
            serde_json::from_slice::<aws::CreateFunctionRequest>(bytes).is_ok()
        }
        "aws_lambda_publish_version.yaml" => {
            serde_json::from_slice::<aws::PublishVersionRequest>(bytes).is_ok()
        }
        _ => false,
    }
}
