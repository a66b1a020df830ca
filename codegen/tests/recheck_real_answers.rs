//! The real answers kept in `../shared/dixa-payloads/` (read at test time, never copied
//! into the repository) decode against the models `cargo xtask codegen` generates: the
//! re-check a user runs on their own recordings, run on ours.

use std::path::Path;

use dixa_codegen::flow::recheck_versions;

#[test]
fn the_shared_real_answers_decode_against_every_version() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let payloads = root.join("../shared/dixa-payloads");
    assert!(
        payloads.is_dir(),
        "{} is missing: the shared payloads sit beside the workspace",
        payloads.display()
    );
    let versions = ["v1".to_string(), "beta".to_string()];
    let report =
        recheck_versions(&root, &versions, None, &[payloads]).unwrap_or_else(|e| panic!("{e}"));
    println!("{report}");
    assert!(report.decoded() >= 1, "no recorded answer found:\n{report}");
    assert_eq!(report.failed(), 0, "{report}");
}
