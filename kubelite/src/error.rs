//! [`Error`]: everything a cluster operation can fail with.

use crate::api::Kind;
use crate::manifest::ManifestError;
use crate::validation::Invalid;

/// An error from the simulated API server, in its words.
///
/// `Display` is the text kubectl shows for it (`pods "x" not found`,
/// `The Service "x" is invalid: ...`); [`ApiError::reason`] and [`ApiError::code`] give the
/// Status reason and HTTP code.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ApiError {
    /// 404: the object (or its namespace) does not exist.
    #[error("{} {:?} not found", kind.qualified_plural(), name)]
    NotFound {
        /// The kind looked for.
        kind: Kind,
        /// The name looked for.
        name: String,
    },
    /// 409: an object of that kind and name already exists.
    #[error("{} {:?} already exists", kind.qualified_plural(), name)]
    AlreadyExists {
        /// The kind.
        kind: Kind,
        /// The name.
        name: String,
    },
    /// 409: the write was based on an outdated `resourceVersion`.
    #[error("Operation cannot be fulfilled on {} {:?}: {message}", kind.qualified_plural(), name)]
    Conflict {
        /// The kind.
        kind: Kind,
        /// The name.
        name: String,
        /// Why.
        message: String,
    },
    /// 422: the object is invalid; every field error is listed.
    #[error("{0}")]
    Invalid(Invalid),
    /// 403: the request is not allowed (e.g. creating in a terminating namespace).
    #[error("{0}")]
    Forbidden(String),
    /// 400: the request is malformed.
    #[error("{0}")]
    BadRequest(String),
    /// 405: the operation is not supported on this kind.
    #[error("{0}")]
    MethodNotAllowed(String),
    /// 500: the server could not do it (e.g. `failed to allocate a nodePort: range is full`).
    #[error("Internal error occurred: {0}")]
    Internal(String),
}

impl ApiError {
    /// The Status reason (`NotFound`, `AlreadyExists`, `Invalid`, ...), as kubectl shows it in
    /// `Error from server (<reason>): ...`.
    pub fn reason(&self) -> &'static str {
        match self {
            ApiError::NotFound { .. } => "NotFound",
            ApiError::AlreadyExists { .. } => "AlreadyExists",
            ApiError::Conflict { .. } => "Conflict",
            ApiError::Invalid(_) => "Invalid",
            ApiError::Forbidden(_) => "Forbidden",
            ApiError::BadRequest(_) => "BadRequest",
            ApiError::MethodNotAllowed(_) => "MethodNotAllowed",
            ApiError::Internal(_) => "InternalError",
        }
    }

    /// The HTTP status code.
    pub fn code(&self) -> u16 {
        match self {
            ApiError::NotFound { .. } => 404,
            ApiError::AlreadyExists { .. } | ApiError::Conflict { .. } => 409,
            ApiError::Invalid(_) => 422,
            ApiError::Forbidden(_) => 403,
            ApiError::BadRequest(_) => 400,
            ApiError::MethodNotAllowed(_) => 405,
            ApiError::Internal(_) => 500,
        }
    }
}

/// Any error kubelite returns from a cluster operation.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API server refused the request.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// A manifest could not be read.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// A document of a multi-document apply failed; nothing was applied.
    #[error("document {document} ({kind} {name:?}): {source}")]
    Document {
        /// 1-based position in the stream.
        document: usize,
        /// The document's kind.
        kind: &'static str,
        /// The document's name.
        name: String,
        /// What went wrong.
        source: Box<ApiError>,
    },
    /// The cluster configuration is invalid.
    #[error(transparent)]
    Config(#[from] crate::cluster::ConfigError),
}

impl From<Invalid> for Error {
    fn from(e: Invalid) -> Self {
        Error::Api(ApiError::Invalid(e))
    }
}

impl From<Invalid> for ApiError {
    fn from(e: Invalid) -> Self {
        ApiError::Invalid(e)
    }
}

/// What an infallible conversion into an [`Object`](crate::Object) fails with, so
/// `Cluster::apply` takes both kubelite's kinds and fallible conversions.
impl From<std::convert::Infallible> for Error {
    fn from(e: std::convert::Infallible) -> Self {
        match e {}
    }
}
