//! The generator's wall time per phase, optimized (`cargo bench` builds the `bench`
//! profile). Run by `cargo xtask bench`, which passes:
//!
//! ```text
//! codegen --root DIR --version V --scratch DIR --out FILE [--runs N]
//! ```
//!
//! (`--root`: the workspace, whose fetched description of version `V` and overrides are
//! read as `cargo xtask codegen --version V` reads them.)
//!
//! Each run parses the description with `serde_yaml` alone (the floor for any generator
//! reading YAML), then runs `dixa_codegen::generate` (load, model, check, emit)
//! and writes its files into a fresh scratch directory with the same function
//! `cargo xtask codegen` uses. One warm-up run is not counted.

use std::path::PathBuf;
use std::time::Instant;

use dixa_codegen::inputs::VersionInputs;
use dixa_codegen::outputs::write_outputs;
use xtask::bench::results::{Measurement, Results};

struct Args {
    root: PathBuf,
    version: String,
    scratch: PathBuf,
    out: PathBuf,
    runs: usize,
}

fn main() {
    let args = parse_args();
    let inputs = VersionInputs::read(&args.root, &args.version).unwrap_or_else(|e| panic!("{e}"));
    let spec = &inputs.description;

    let names = [
        "yaml_floor",
        "load",
        "model",
        "check",
        "emit",
        "write",
        "total",
    ];
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    let mut last = None;
    for run in 0..=args.runs {
        let t = Instant::now();
        let yaml: serde_yaml::Value = serde_yaml::from_str(spec).expect("the description is YAML");
        let floor = t.elapsed();
        drop(std::hint::black_box(yaml));

        let generated = inputs
            .generate()
            .unwrap_or_else(|d| panic!("the generator rejected the description:\n{d}"));
        let dir = args.scratch.join(format!("run-{run}"));
        let _ = std::fs::remove_dir_all(&dir);
        let t = Instant::now();
        write_outputs(&dir, &generated.files).unwrap_or_else(|e| panic!("{e}"));
        let write = t.elapsed();

        let tm = generated.timings;
        let phases = [tm.load, tm.model, tm.check, tm.emit, write];
        let total: std::time::Duration = phases.iter().sum();
        if run > 0 {
            let values = std::iter::once(floor).chain(phases).chain([total]);
            for (slot, value) in samples.iter_mut().zip(values) {
                slot.push(value.as_secs_f64());
            }
        }
        last = Some(generated);
    }
    let _ = std::fs::remove_dir_all(&args.scratch);

    let mut results = Results {
        measurements: names
            .iter()
            .zip(samples)
            .map(|(name, seconds)| Measurement {
                name: format!("codegen/{name}"),
                seconds,
                bytes: None,
                requests: None,
            })
            .collect(),
        ..Results::default()
    };
    let generated = last.expect("at least one run");
    let counts = &mut results.counts;
    for file in &generated.files {
        counts.insert(
            format!("lines/{}", file.path),
            file.contents.lines().count() as u64,
        );
    }
    counts.insert("spec_bytes".into(), spec.len() as u64);
    counts.insert("examples".into(), generated.report.examples as u64);
    counts.insert("files".into(), generated.files.len() as u64);
    results.write(&args.out).unwrap_or_else(|e| panic!("{e}"));
}

fn parse_args() -> Args {
    let mut args = std::env::args().skip(1);
    let (mut root, mut version, mut scratch, mut out, mut runs) = (None, None, None, None, 10);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--root" => root = Some(PathBuf::from(value())),
            "--version" => version = Some(value()),
            "--scratch" => scratch = Some(PathBuf::from(value())),
            "--out" => out = Some(PathBuf::from(value())),
            "--runs" => runs = value().parse().expect("--runs takes a number"),
            // `cargo bench` adds `--bench`.
            "--bench" => {}
            other => panic!("unknown argument {other}"),
        }
    }
    let need = |v: Option<PathBuf>, name: &str| v.unwrap_or_else(|| panic!("{name} is required"));
    Args {
        root: need(root, "--root"),
        version: version.unwrap_or_else(|| panic!("--version is required")),
        scratch: need(scratch, "--scratch"),
        out: need(out, "--out"),
        runs,
    }
}
