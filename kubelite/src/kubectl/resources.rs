//! Resolving resource arguments as kubectl's resource builder does
//! (`ResourceTypeOrNameArgs`): `pods`, `pods,svc`, `pod x y`, `pod/x svc/y`, `all`.

use crate::api::Kind;

use super::KubectlError;

/// One thing to fetch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// Every object of a kind (filtered by selectors).
    All(Kind),
    /// One object by name.
    Named(Kind, String),
}

impl Target {
    pub(crate) fn kind(&self) -> Kind {
        match self {
            Target::All(k) | Target::Named(k, _) => *k,
        }
    }
}

/// The kinds `all` stands for, in kubectl's order (the kinds kubelite models).
const ALL: &[Kind] = &[Kind::Pod, Kind::Service, Kind::Deployment, Kind::ReplicaSet];

/// A resource type name, or kubectl's error for an unknown one.
pub(crate) fn kind(name: &str) -> Result<Kind, KubectlError> {
    Kind::from_resource_name(name).ok_or_else(|| {
        KubectlError::new(format!(
            "the server doesn't have a resource type \"{name}\""
        ))
    })
}

/// The targets named by `args`, and whether several types were asked for (then kubectl prints
/// names as `kind/name`).
pub(crate) fn resolve(args: &[String]) -> Result<(Vec<Target>, bool), KubectlError> {
    if args.iter().any(|a| a.contains('/')) {
        if !args.iter().all(|a| a.contains('/')) {
            return Err(KubectlError::new(
                "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
            ));
        }
        let mut targets = Vec::new();
        for arg in args {
            let Some((ty, name)) = arg.split_once('/') else {
                continue;
            };
            if ty.is_empty() || name.is_empty() || name.contains('/') {
                return Err(KubectlError::new(
                    "arguments in resource/name form must have a single resource and name",
                ));
            }
            targets.push(Target::Named(kind(ty)?, name.to_owned()));
        }
        let multiple = targets
            .first()
            .is_some_and(|first| targets.iter().any(|t| t.kind() != first.kind()));
        return Ok((targets, multiple));
    }
    let Some((types, names)) = args.split_first() else {
        return Ok((Vec::new(), false));
    };
    let mut kinds = Vec::new();
    let mut multiple = false;
    for ty in types.split(',').filter(|t| !t.is_empty()) {
        if ty == "all" {
            multiple = true;
            kinds.extend_from_slice(ALL);
        } else {
            kinds.push(kind(ty)?);
        }
    }
    if kinds.len() > 1 {
        multiple = true;
    }
    if names.is_empty() {
        return Ok((kinds.into_iter().map(Target::All).collect(), multiple));
    }
    let mut targets = Vec::new();
    for k in kinds {
        for n in names {
            targets.push(Target::Named(k, n.clone()));
        }
    }
    Ok((targets, multiple))
}
