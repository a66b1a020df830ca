//! The one table `cargo xtask bench` prints: each figure beside its baseline.

/// One line of the table; every cell is already formatted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub what: String,
    pub ours: String,
    pub baseline: String,
    pub ratio: String,
    pub budget: String,
    pub verdict: String,
}

pub const HEADER: [&str; 6] = [
    "measurement",
    "dixa-client (min / median)",
    "baseline, same run (min / median)",
    "ratio",
    "budget",
    "",
];

/// A Markdown table with padded columns (readable as text, pastes into BENCHMARKS.md).
pub fn render(rows: &[Row]) -> String {
    let cells: Vec<[&str; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.what.as_str(),
                r.ours.as_str(),
                r.baseline.as_str(),
                r.ratio.as_str(),
                r.budget.as_str(),
                r.verdict.as_str(),
            ]
        })
        .collect();
    let mut widths = HEADER.map(|h| h.chars().count());
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |row: &[&str; 6]| {
        let padded: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        format!("| {} |\n", padded.join(" | "))
    };
    let mut out = line(&HEADER);
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.push_str(&format!("|-{}-|\n", rule.join("-|-")));
    for row in &cells {
        out.push_str(&line(row));
    }
    out
}

/// `12.3 ms`, `1.24 s`.
pub fn duration(seconds: f64) -> String {
    if !seconds.is_finite() {
        "-".into()
    } else if seconds < 0.01 {
        format!("{:.2} ms", seconds * 1e3)
    } else if seconds < 1.0 {
        format!("{:.1} ms", seconds * 1e3)
    } else {
        format!("{seconds:.2} s")
    }
}

/// `min / median` of durations.
pub fn durations(min: f64, median: f64) -> String {
    format!("{} / {}", duration(min), duration(median))
}

/// `best / median` of a rate, e.g. `412 / 398 MB/s`.
pub fn rates(best: f64, median: f64, unit: &str) -> String {
    format!("{:.0} / {:.0} {unit}", best, median)
}

pub fn ratio(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.2}x")
    } else {
        "-".into()
    }
}

pub fn verdict(pass: bool) -> String {
    if pass { "PASS" } else { "MISS" }.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_padded_and_formats_are_short() {
        let rows = [Row {
            what: "codegen total".into(),
            ours: durations(0.0912, 0.1),
            ratio: ratio(0.5),
            verdict: verdict(true),
            ..Row::default()
        }];
        let text = render(&rows);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| l.len() == lines[0].len()), "{text}");
        assert!(lines[2].contains("91.2 ms / 100.0 ms"), "{text}");
        assert!(lines[2].contains("0.50x") && lines[2].contains("PASS"));
        assert_eq!(duration(2.5), "2.50 s");
        assert_eq!(duration(0.0042), "4.20 ms");
    }
}
