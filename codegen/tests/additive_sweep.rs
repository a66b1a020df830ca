//! Additive means additive, everywhere: each additive kind of change of the catalogue
//! (`dixa_codegen::evolution::sweep`) is made at every place of both pinned descriptions
//! it applies to, one place at a time, and the API surface of each result must only grow:
//! no change the report would call breaking, no accessor that answers for fewer variants.
//!
//! The descriptions are read once, at run time, from `spec/fetched/`; each change is made
//! to the JSON in memory and only the model and its surface are built (nothing printed).

use dixa_codegen::evolution::sweep::{self, Kind, Site};
use dixa_codegen::evolution::{Impact, Surface, compare};
use dixa_codegen::inputs::VersionInputs;
use dixa_codegen::load::overrides::Overrides;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

struct Version {
    name: &'static str,
    inputs: VersionInputs,
    description: Value,
    before: Surface,
}

impl Version {
    /// The version's overrides, parsed (one per thread: they record which were used).
    fn overrides(&self) -> Overrides {
        Overrides::parse_files(&self.inputs.overrides_files())
            .unwrap_or_else(|e| panic!("{e}"))
            .for_version(self.name)
    }
}

fn version(name: &'static str) -> Version {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let inputs = VersionInputs::read(root, name).unwrap_or_else(|e| panic!("{e}"));
    let description: Value =
        serde_yaml::from_str(&inputs.description).expect("the pinned description is YAML");
    let mut version = Version {
        name,
        inputs,
        description,
        before: Surface::default(),
    };
    version.before = sweep::surface_of(
        version.description.clone(),
        &version.overrides(),
        &version.inputs.published,
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    version
}

/// What went wrong at one site: the breaking lines, or why no surface was built.
fn check(version: &Version, overrides: &Overrides, site: &Site) -> Option<String> {
    let mut description = version.description.clone();
    sweep::apply(&mut description, site, overrides);
    let after = match sweep::surface_of(description, overrides, &version.inputs.published) {
        Ok(after) => after,
        Err(e) => return Some(format!("rejected: {e}")),
    };
    let changes = compare(&version.before, &after);
    if changes.is_empty() {
        return Some("nothing added: the change did not reach the API".into());
    }
    let breaking: Vec<String> = changes
        .into_iter()
        .filter(|c| c.impact != Impact::Additive)
        .map(|c| format!("{} {}", c.impact.as_str(), c.what))
        .collect();
    (!breaking.is_empty()).then(|| breaking.join("\n    "))
}

#[test]
fn every_additive_change_at_every_place_only_grows_the_api() {
    let started = Instant::now();
    let versions = [version("v1"), version("beta")];
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for version in &versions {
        let sites = sweep::sites(&version.description, &version.overrides());
        for site in &sites {
            *counts.entry(site.kind).or_default() += 1;
        }
        // One worker per core, taking the next site each: the sites are independent.
        let next = AtomicUsize::new(0);
        let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
        let found: Vec<String> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..workers)
                .map(|_| scope.spawn(|| failures_in(version, &sites, &next)))
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("a sweep worker finished"))
                .collect()
        });
        failures.extend(found);
    }
    failures.sort();
    let total: usize = counts.values().sum();
    let per_kind: Vec<String> = Kind::ALL
        .iter()
        .map(|k| format!("{}: {}", k.name(), counts.get(k).copied().unwrap_or(0)))
        .collect();
    println!(
        "swept {total} sites ({}) in {:.1} s",
        per_kind.join(", "),
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} of {total} additive changes did not only add:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The failures at the sites a worker takes, one at a time, until none is left.
fn failures_in(version: &Version, sites: &[Site], next: &AtomicUsize) -> Vec<String> {
    let overrides = version.overrides();
    let mut found = Vec::new();
    while let Some(site) = sites.get(next.fetch_add(1, Ordering::Relaxed)) {
        if let Some(what) = check(version, &overrides, site) {
            let (name, kind) = (version.name, site.kind.name());
            found.push(format!("{name} {kind} at {}:\n    {what}", site.at));
        }
    }
    found
}
