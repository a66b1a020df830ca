//! `cargo xtask codegen --spec FILE` on a bad description: a non-zero exit, the JSON
//! pointer of the problem on stderr, and no panic.
//!
//! Runs `cargo run -p xtask` in the target directory of this test run, so xtask is
//! built once next to everything else (cargo does not hold the build lock while tests
//! run). `--check` makes sure the run can never rewrite the checkout, even if the
//! generator wrongly accepted the file: the description is rejected before either mode
//! looks at the generated files.

mod common;

use std::path::{Path, PathBuf};

/// The target directory this test binary was built in (`<target>/debug/deps/<test>`).
fn target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("path of the test binary");
    exe.ancestors()
        .nth(3)
        .expect("the test binary is inside <target>/<profile>/deps")
        .to_path_buf()
}

/// Runs `cargo xtask codegen --check --version beta --spec <spec>`; returns (success,
/// stderr).
fn xtask_codegen(spec_text: &str, file_name: &str) -> (bool, String) {
    let spec = Path::new(env!("CARGO_TARGET_TMPDIR")).join(file_name);
    std::fs::write(&spec, spec_text).expect("write the bad description");
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let output = common::cargo()
        .current_dir(&workspace)
        .env("CARGO_TARGET_DIR", target_dir())
        .args([
            "run",
            "--quiet",
            "-p",
            "xtask",
            "--",
            "codegen",
            "--check",
            "--version",
            "beta",
            "--spec",
        ])
        .arg(&spec)
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.success(), stderr)
}

#[test]
fn xtask_codegen_reports_a_bad_description_by_pointer_and_fails() {
    let malformed = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
    let (ok, stderr) = xtask_codegen(malformed, "malformed.yaml");
    assert!(!ok, "xtask accepted a malformed description:\n{stderr}");
    assert!(!stderr.contains("panicked"), "xtask panicked:\n{stderr}");
    assert!(
        stderr.contains("#/paths/~1a/get/responses: not a valid OpenAPI 3.0 object"),
        "the pointer of the problem is not on stderr:\n{stderr}"
    );
    assert!(
        stderr.contains("malformed.yaml"),
        "stderr does not name the file:\n{stderr}"
    );

    let disagreeing = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: GetA\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/A'}\n              example: {id: 1, colour: red}\ncomponents:\n  schemas:\n    A: {type: object, properties: {id: {type: integer}}}\n";
    let (ok, stderr) = xtask_codegen(disagreeing, "disagreeing.yaml");
    assert!(
        !ok,
        "xtask accepted an example the model contradicts:\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "xtask panicked:\n{stderr}");
    assert!(
        stderr.contains(
            "#/paths/~1a/get/responses/200/content/application~1json/example: at (root): key `colour`"
        ),
        "the example's pointer and path are not on stderr:\n{stderr}"
    );
}
