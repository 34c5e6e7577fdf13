//! Command-line flags as pflag (the library behind kubectl's flags) reads them: `--name=value`,
//! `--name value`, `-n value`, `-nvalue`, grouped boolean shorthands (`-it`), `--` ending the
//! flags, and positional arguments anywhere. Errors are pflag's words followed by kubectl's
//! `See '<command> --help' for usage.`.

use super::KubectlError;

/// What a flag takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Takes {
    /// A boolean: `--all`, `--all=false`.
    Bool,
    /// A string; given twice, the last wins.
    Str,
    /// A string that may be given many times (`--env`); each occurrence is one value.
    Array,
    /// A comma-separated list that may also be repeated (`-L a,b`, `--image`).
    Slice,
    /// A 32-bit integer.
    Int,
}

/// One flag a command accepts.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Flag {
    pub(crate) long: &'static str,
    pub(crate) short: Option<char>,
    pub(crate) takes: Takes,
}

/// A flag with a long name and optional shorthand.
pub(crate) const fn flag(long: &'static str, short: Option<char>, takes: Takes) -> Flag {
    Flag { long, short, takes }
}

/// Flags every kubectl command accepts (kubeconfig and logging flags are accepted and ignored:
/// there is one cluster).
pub(crate) const GLOBAL: &[Flag] = &[
    flag("namespace", Some('n'), Takes::Str),
    flag("kubeconfig", None, Takes::Str),
    flag("context", None, Takes::Str),
    flag("cluster", None, Takes::Str),
    flag("user", None, Takes::Str),
    flag("server", Some('s'), Takes::Str),
    flag("request-timeout", None, Takes::Str),
    flag("v", Some('v'), Takes::Str),
    flag("help", Some('h'), Takes::Bool),
];

/// Parsed flags and arguments.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    /// Positional arguments, in order (including those after `--`).
    pub(crate) args: Vec<String>,
    /// How many positional arguments came before `--`, if there was one.
    pub(crate) args_at_dash: Option<usize>,
    values: Vec<(&'static str, String)>,
    specs: Vec<Flag>,
    command: String,
}

impl Parsed {
    /// The last value given for a flag.
    pub(crate) fn get(&self, long: &str) -> Option<&str> {
        self.values
            .iter()
            .rev()
            .find(|(l, _)| *l == long)
            .map(|(_, v)| v.as_str())
    }

    /// Whether the flag was given at all.
    pub(crate) fn has(&self, long: &str) -> bool {
        self.values.iter().any(|(l, _)| *l == long)
    }

    /// Every value given for a flag; slices are split at commas.
    pub(crate) fn all(&self, long: &str) -> Vec<String> {
        let slice = self
            .specs
            .iter()
            .any(|f| f.long == long && f.takes == Takes::Slice);
        let mut out = Vec::new();
        for (_, v) in self.values.iter().filter(|(l, _)| *l == long) {
            if slice {
                if !v.is_empty() {
                    out.extend(v.split(',').map(str::to_owned));
                }
            } else {
                out.push(v.clone());
            }
        }
        out
    }

    /// A boolean flag's value (already checked while parsing).
    pub(crate) fn bool(&self, long: &str) -> bool {
        self.get(long).and_then(parse_bool).unwrap_or(false)
    }

    /// An integer flag's value (already checked while parsing).
    pub(crate) fn int(&self, long: &str) -> Option<i64> {
        self.get(long).and_then(|v| v.parse().ok())
    }

    /// The namespace to work in: `-n` or `default`.
    pub(crate) fn namespace(&self) -> String {
        match self.get("namespace") {
            Some(ns) if !ns.is_empty() => ns.to_owned(),
            _ => "default".to_owned(),
        }
    }

    /// kubectl's usage error: the message, then where to find help and examples.
    pub(crate) fn usage_error(&self, message: &str) -> KubectlError {
        KubectlError::new(format!(
            "{message}\nSee '{} -h' for help and examples",
            self.command
        ))
    }
}

/// Go's `strconv.ParseBool`.
pub(crate) fn parse_bool(v: &str) -> Option<bool> {
    match v {
        "1" | "t" | "T" | "true" | "TRUE" | "True" => Some(true),
        "0" | "f" | "F" | "false" | "FALSE" | "False" => Some(false),
        _ => None,
    }
}

fn display_name(f: &Flag) -> String {
    match f.short {
        Some(s) => format!("-{s}, --{}", f.long),
        None => format!("--{}", f.long),
    }
}

/// Parses `words` (everything after the command's own words) for a command named `command`
/// (`kubectl get`) accepting `flags` plus the global ones.
pub(crate) fn parse(
    words: &[String],
    flags: &[Flag],
    command: &str,
) -> Result<Parsed, KubectlError> {
    let mut parsed = Parsed {
        command: command.to_owned(),
        specs: flags.iter().chain(GLOBAL).copied().collect(),
        ..Parsed::default()
    };
    let flag_error =
        |msg: String| KubectlError::new(format!("{msg}\nSee '{command} --help' for usage."));
    let mut i = 0;
    while let Some(word) = words.get(i) {
        i += 1;
        if word == "--" {
            parsed.args_at_dash = Some(parsed.args.len());
            parsed.args.extend(words.iter().skip(i).cloned());
            break;
        }
        if let Some(long) = word.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_owned())),
                None => (long, None),
            };
            let Some(spec) = parsed.specs.iter().find(|f| f.long == name).copied() else {
                return Err(flag_error(format!("unknown flag: --{name}")));
            };
            let value = match (spec.takes, inline) {
                (_, Some(v)) => v,
                (Takes::Bool, None) => "true".to_owned(),
                (_, None) => match words.get(i) {
                    Some(next) => {
                        i += 1;
                        next.clone()
                    }
                    None => {
                        return Err(flag_error(format!("flag needs an argument: --{name}")));
                    }
                },
            };
            check(&spec, &value).map_err(flag_error)?;
            parsed.values.push((spec.long, value));
        } else if let Some(shorts) = word.strip_prefix('-').filter(|s| !s.is_empty()) {
            let chars: Vec<(usize, char)> = shorts.char_indices().collect();
            let mut k = 0;
            while let Some(&(at, c)) = chars.get(k) {
                let Some(spec) = parsed.specs.iter().find(|f| f.short == Some(c)).copied() else {
                    return Err(flag_error(format!(
                        "unknown shorthand flag: '{c}' in -{shorts}"
                    )));
                };
                let rest = &shorts[at + c.len_utf8()..];
                let value = if let Some(v) = rest.strip_prefix('=') {
                    k = chars.len();
                    v.to_owned()
                } else if spec.takes == Takes::Bool {
                    k += 1;
                    "true".to_owned()
                } else if !rest.is_empty() {
                    k = chars.len();
                    rest.to_owned()
                } else if let Some(next) = words.get(i) {
                    k = chars.len();
                    i += 1;
                    next.clone()
                } else {
                    return Err(flag_error(format!(
                        "flag needs an argument: '{c}' in -{shorts}"
                    )));
                };
                check(&spec, &value).map_err(flag_error)?;
                parsed.values.push((spec.long, value));
            }
        } else {
            parsed.args.push(word.clone());
        }
    }
    Ok(parsed)
}

fn check(spec: &Flag, value: &str) -> Result<(), String> {
    let name = display_name(spec);
    match spec.takes {
        Takes::Bool if parse_bool(value).is_none() => Err(format!(
            "invalid argument {value:?} for {name:?} flag: strconv.ParseBool: parsing {value:?}: invalid syntax"
        )),
        Takes::Int => match value.parse::<i64>() {
            Ok(n) if i32::try_from(n).is_ok() => Ok(()),
            Ok(_) => Err(format!(
                "invalid argument {value:?} for {name:?} flag: strconv.ParseInt: parsing {value:?}: value out of range"
            )),
            Err(_) => Err(format!(
                "invalid argument {value:?} for {name:?} flag: strconv.ParseInt: parsing {value:?}: invalid syntax"
            )),
        },
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_owned).collect()
    }

    const F: &[Flag] = &[
        flag("all-namespaces", Some('A'), Takes::Bool),
        flag("output", Some('o'), Takes::Str),
        flag("stdin", Some('i'), Takes::Bool),
        flag("tty", Some('t'), Takes::Bool),
        flag("replicas", Some('r'), Takes::Int),
    ];

    #[test]
    fn forms() {
        let p = parse(
            &words("a -nkube-system -o=wide b -it -- c -d"),
            F,
            "kubectl get",
        )
        .unwrap();
        assert_eq!(p.args, ["a", "b", "c", "-d"]);
        assert_eq!(p.args_at_dash, Some(2));
        assert_eq!(p.get("namespace"), Some("kube-system"));
        assert_eq!(p.get("output"), Some("wide"));
        assert!(p.bool("stdin") && p.bool("tty"));
    }

    #[test]
    fn errors() {
        let e = |s: &str| parse(&words(s), F, "kubectl get").unwrap_err().to_string();
        assert_eq!(
            e("-n"),
            "error: flag needs an argument: 'n' in -n\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            e("--output"),
            "error: flag needs an argument: --output\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            e("--foo"),
            "error: unknown flag: --foo\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            e("-z"),
            "error: unknown shorthand flag: 'z' in -z\nSee 'kubectl get --help' for usage."
        );
        assert_eq!(
            e("-r x"),
            "error: invalid argument \"x\" for \"-r, --replicas\" flag: strconv.ParseInt: parsing \"x\": invalid syntax\nSee 'kubectl get --help' for usage."
        );
    }
}
