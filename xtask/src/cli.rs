//! The command line: `cargo xtask <command> [options]`.

use std::path::PathBuf;

use crate::bench::{BenchOptions, Section};
use crate::fetch::FetchRequest;

pub const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  fetch-spec [--version V] [--from PATH_OR_URL] [--update-pin] [--verbose]
      Get each API version's OpenAPI description (v1, beta: every spec/<V>/source.toml)
      into spec/fetched/, verified against the sha256 pinned in spec/<V>/source.toml
      (tries the pinned URL, then each mirror).
      --version     only this version
      --from        read this file (relative to the current directory) or http(s) URL
                    instead; needs --version
      --update-pin  accept the new file on purpose: pin its sha256 (and the URL, if --from
                    is one) in spec/<V>/source.toml
      --verbose     also say why the locations tried before a working mirror failed
  codegen [--version V] [--spec FILE] [--check] [--verbose]
      Generate the dixa-client sources of each API version from its fetched description,
      spec/overrides.yaml and spec/<V>/overrides.yaml. Prints one line when nothing
      changed and every example agrees, else each version's report (examples,
      conventions, overrides, API changes, timings).
      --version  only this version
      --spec     use this description instead of spec/fetched/dixa-api.<V>.yaml (for
                 experiments); needs --version
      --check    write nothing; fail if a generated file is missing or differs
      --verbose  print each version's full report even when nothing changed (and, when
                 a description is fetched, why the locations before a mirror failed)
  recheck [--version V] [--spec FILE] [DIR...]
      Check every recorded answer in DIR (files written by dixa_client::recording, and
      cases.json lists; default: the directories in DIXA_RECORDINGS, separated like PATH)
      against the model of each version's description as `cargo xtask codegen` would
      generate it; per file: decoded, or where it fails (operation, JSON path, value,
      the refusing type's description pointer). Fails if any answer fails.
      `cargo xtask codegen` runs it too when DIXA_RECORDINGS is set.
      --version  only this version
      --spec     use this description instead (for experiments); needs --version
  test [ARGS...]
      Fetch the descriptions if needed, install (npm, into target/prism) and start one
      Prism mock server per version on its corrected description, run `cargo test
      --workspace ARGS...` with DIXA_PRISM_URL_<V> set (DIXA_PRISM_URL_V1, ..._BETA), then
      stop them. With those already set, those servers are used instead. Without npm the
      Prism tests are skipped, except with CI=true.
  bench [--runs N] [--compile-runs N] [--requests N] [--only SECTIONS] [--install-progenitor]
      Measure codegen, compile, decode and client overhead against baselines measured in
      the same run and the budget; prints one table (also target/bench/table.md).
      --runs                timed runs per codegen/decode/client figure (default 10)
      --compile-runs        timed builds per compile figure (default 5)
      --requests            requests per client run (default 2000)
      --only                comma-separated: codegen,compile,decode,client (default all)
      --install-progenitor  install cargo-progenitor into target/bench-tools if missing
  release [VERSION]
      Turn \"Unreleased\" in generated-client/CHANGELOG.md into the section of VERSION and
      set dixa-client's version to it. Without VERSION: the smallest the entries allow
      (breaking: major, before 1.0 minor; additive: minor, before 1.0 patch; wire-only,
      fixed: patch). Refuses a VERSION smaller than that, saying which entry needs more.
  semver
      Check the mutation catalogue of the API change report with cargo-semver-checks
      (installed at a pinned version into target/tools if missing): for each description
      change, the report's classification next to the tool's verdict on the generated
      crate, as one table. Slow (two rustdoc builds per mutation): not part of CI.
  help
      Print this message.
";

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// `version`: one API version, or every configured one.
    FetchSpec {
        version: Option<String>,
        request: FetchRequest,
        verbose: bool,
    },
    /// `verbose`: the full report even when nothing changed.
    Codegen {
        version: Option<String>,
        spec: Option<PathBuf>,
        check: bool,
        verbose: bool,
    },
    /// `dirs`: empty for the directories in `DIXA_RECORDINGS`.
    Recheck {
        version: Option<String>,
        spec: Option<PathBuf>,
        dirs: Vec<PathBuf>,
    },
    Test {
        cargo_test_args: Vec<String>,
    },
    Bench(BenchOptions),
    /// `version`: the one asked for, else the smallest the changelog allows.
    Release {
        version: Option<String>,
    },
    Semver,
    Help,
}

/// The command named by the arguments after `cargo xtask`.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let Some((name, rest)) = args.split_first() else {
        return Err("no command given".into());
    };
    match name.as_str() {
        "fetch-spec" => fetch_spec_command(rest),
        "codegen" => codegen_command(rest),
        "recheck" => recheck_command(rest),
        "test" => Ok(Command::Test {
            cargo_test_args: rest.to_vec(),
        }),
        "bench" => bench_command(rest),
        "release" => match rest {
            [] => Ok(Command::Release { version: None }),
            [version] if !version.starts_with('-') => Ok(Command::Release {
                version: Some(version.clone()),
            }),
            _ => Err("release takes one argument at most: the version (e.g. 0.2.0)".into()),
        },
        "semver" if rest.is_empty() => Ok(Command::Semver),
        "semver" => Err("semver takes no options".into()),
        "help" | "-h" | "--help" => Ok(Command::Help),
        other => Err(format!("unknown command `{other}`")),
    }
}

fn fetch_spec_command(args: &[String]) -> Result<Command, String> {
    let (mut request, mut version, mut verbose) = (FetchRequest::default(), None, false);
    let mut options = Options::new(args);
    while let Some(option) = options.next_name() {
        match option.as_str() {
            "--version" => version = Some(options.value_of("--version")?),
            "--from" => request.from = Some(options.value_of("--from")?),
            "--update-pin" => request.update_pin = true,
            "--verbose" | "-v" => verbose = true,
            other => return Err(format!("fetch-spec: unknown option `{other}`")),
        }
    }
    if request.from.is_some() && version.is_none() {
        return Err(
            "fetch-spec: `--from` names one version's description: say which with \
             `--version` (e.g. `--version v1`)"
                .into(),
        );
    }
    Ok(Command::FetchSpec {
        version,
        request,
        verbose,
    })
}

fn codegen_command(args: &[String]) -> Result<Command, String> {
    let (mut version, mut spec, mut check, mut verbose) = (None, None, false, false);
    let mut options = Options::new(args);
    while let Some(option) = options.next_name() {
        match option.as_str() {
            "--version" => version = Some(options.value_of("--version")?),
            "--spec" => spec = Some(PathBuf::from(options.value_of("--spec")?)),
            "--check" => check = true,
            "--verbose" | "-v" => verbose = true,
            other => return Err(format!("codegen: unknown option `{other}`")),
        }
    }
    if spec.is_some() && version.is_none() {
        return Err(
            "codegen: `--spec` is generated as one version (its output paths and module): \
             say which with `--version` (e.g. `--version v1`)"
                .into(),
        );
    }
    Ok(Command::Codegen {
        version,
        spec,
        check,
        verbose,
    })
}

fn recheck_command(args: &[String]) -> Result<Command, String> {
    let (mut version, mut spec, mut dirs) = (None, None, Vec::new());
    let mut options = Options::new(args);
    while let Some(option) = options.next_name() {
        match option.as_str() {
            "--version" => version = Some(options.value_of("--version")?),
            "--spec" => spec = Some(PathBuf::from(options.value_of("--spec")?)),
            other if other.starts_with("--") => {
                return Err(format!("recheck: unknown option `{other}`"));
            }
            dir => dirs.push(PathBuf::from(dir)),
        }
    }
    if spec.is_some() && version.is_none() {
        return Err(
            "recheck: `--spec` is one version's description: say which with `--version`".into(),
        );
    }
    Ok(Command::Recheck {
        version,
        spec,
        dirs,
    })
}

fn bench_command(args: &[String]) -> Result<Command, String> {
    let mut bench = BenchOptions::default();
    let mut options = Options::new(args);
    let number = |name: &str, text: String| -> Result<usize, String> {
        match text.parse::<usize>() {
            Ok(n) if n > 0 => Ok(n),
            _ => Err(format!(
                "bench: `{name}` takes a positive number, got `{text}`"
            )),
        }
    };
    while let Some(option) = options.next_name() {
        match option.as_str() {
            "--runs" => bench.runs = number("--runs", options.value_of("--runs")?)?,
            "--compile-runs" => {
                bench.compile_runs = number("--compile-runs", options.value_of("--compile-runs")?)?
            }
            "--requests" => bench.requests = number("--requests", options.value_of("--requests")?)?,
            "--only" => {
                for name in options.value_of("--only")?.split(',') {
                    let section = Section::parse(name.trim()).ok_or_else(|| {
                        format!(
                            "bench: unknown section `{name}` (codegen, compile, decode, client)"
                        )
                    })?;
                    bench.only.push(section);
                }
            }
            "--install-progenitor" => bench.install_progenitor = true,
            other => return Err(format!("bench: unknown option `{other}`")),
        }
    }
    Ok(Command::Bench(bench))
}

/// Walks `--name value` and `--name=value` options.
struct Options<'a> {
    args: std::slice::Iter<'a, String>,
    inline_value: Option<String>,
}

impl<'a> Options<'a> {
    fn new(args: &'a [String]) -> Options<'a> {
        Options {
            args: args.iter(),
            inline_value: None,
        }
    }

    /// The next option's name; a `=value` part is kept for [`Options::value_of`].
    fn next_name(&mut self) -> Option<String> {
        let arg = self.args.next()?;
        match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                self.inline_value = Some(value.to_owned());
                Some(name.to_owned())
            }
            _ => {
                self.inline_value = None;
                Some(arg.clone())
            }
        }
    }

    fn value_of(&mut self, name: &str) -> Result<String, String> {
        let value = self
            .inline_value
            .take()
            .or_else(|| self.args.next().cloned());
        match value {
            Some(value) if !value.is_empty() => Ok(value),
            _ => Err(format!("`{name}` needs a value")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(args: &[&str]) -> Result<Command, String> {
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        parse(&args)
    }

    #[test]
    fn fetch_spec_options() {
        assert_eq!(
            parsed(&["fetch-spec"]),
            Ok(Command::FetchSpec {
                version: None,
                request: FetchRequest::default(),
                verbose: false,
            })
        );
        assert_eq!(
            parsed(&["fetch-spec", "--verbose"]),
            Ok(Command::FetchSpec {
                version: None,
                request: FetchRequest::default(),
                verbose: true,
            })
        );
        let expected = Command::FetchSpec {
            version: Some("v1".into()),
            request: FetchRequest {
                from: Some("https://x.test/a.yaml".into()),
                update_pin: true,
            },
            verbose: false,
        };
        assert_eq!(
            parsed(&[
                "fetch-spec",
                "--version",
                "v1",
                "--from",
                "https://x.test/a.yaml",
                "--update-pin"
            ]),
            Ok(expected.clone())
        );
        assert_eq!(
            parsed(&[
                "fetch-spec",
                "--update-pin",
                "--from=https://x.test/a.yaml",
                "--version=v1"
            ]),
            Ok(expected)
        );
        let err = parsed(&["fetch-spec", "--from", "a.yaml"]).unwrap_err();
        assert!(err.contains("--version"), "{err}");
    }

    #[test]
    fn codegen_options() {
        assert_eq!(
            parsed(&[
                "codegen",
                "--check",
                "--spec",
                "d.yaml",
                "--version",
                "beta"
            ]),
            Ok(Command::Codegen {
                version: Some("beta".into()),
                spec: Some("d.yaml".into()),
                check: true,
                verbose: false,
            })
        );
        assert_eq!(
            parsed(&["codegen"]),
            Ok(Command::Codegen {
                version: None,
                spec: None,
                check: false,
                verbose: false,
            })
        );
        for verbose in ["--verbose", "-v"] {
            assert_eq!(
                parsed(&["codegen", verbose]),
                Ok(Command::Codegen {
                    version: None,
                    spec: None,
                    check: false,
                    verbose: true,
                })
            );
        }
        let err = parsed(&["codegen", "--spec", "d.yaml"]).unwrap_err();
        assert!(err.contains("--version"), "{err}");
    }

    #[test]
    fn test_forwards_everything() {
        assert_eq!(
            parsed(&["test", "--no-fail-fast", "--", "--nocapture"]),
            Ok(Command::Test {
                cargo_test_args: vec!["--no-fail-fast".into(), "--".into(), "--nocapture".into()]
            })
        );
    }

    #[test]
    fn bench_options() {
        assert_eq!(
            parsed(&["bench"]),
            Ok(Command::Bench(BenchOptions::default()))
        );
        let Ok(Command::Bench(options)) = parsed(&[
            "bench",
            "--runs=3",
            "--only",
            "decode,client",
            "--install-progenitor",
        ]) else {
            panic!("bench options parse");
        };
        assert_eq!(options.runs, 3);
        assert_eq!(options.only, [Section::Decode, Section::Client]);
        assert!(options.install_progenitor);
        assert!(parsed(&["bench", "--only", "speed"]).is_err());
        assert!(parsed(&["bench", "--runs", "0"]).is_err());
    }

    #[test]
    fn mistakes_are_errors() {
        assert!(parsed(&[]).is_err());
        assert!(parsed(&["fetch"]).unwrap_err().contains("unknown command"));
        assert!(
            parsed(&["fetch-spec", "--from"])
                .unwrap_err()
                .contains("needs a value")
        );
        assert!(
            parsed(&["codegen", "--chek"])
                .unwrap_err()
                .contains("--chek")
        );
    }
}
