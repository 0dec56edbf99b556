//! The chart of a scoring form as inline SVG: bars (one per item) or a radar (one axis per
//! item). Built here so it exists without JavaScript; `static/js/form.js` moves the bars and
//! the radar's shape as answers change, reading the geometry from the SVG itself (each bar's
//! full width in `data-full`, each axis's end in `x2`/`y2`).

use crate::content::form::Chart;
use crate::text::escape;

/// One item on the chart: its number on the chart, its text, the most points it can score and
/// its value (points, or an average), if any.
pub(crate) struct ChartItem<'a> {
    pub(crate) text: &'a str,
    pub(crate) max: i32,
    pub(crate) value: Option<f64>,
}

const BAR_ROW: f64 = 26.0;
const BAR_X: f64 = 34.0;
const BAR_FULL: f64 = 270.0;
const RADAR_SIZE: f64 = 340.0;
const RADAR_R: f64 = 125.0;

/// The chart's SVG, or `None` for `chart: none`. `id` names the chart for its title.
pub(crate) fn svg(kind: Chart, id: &str, title: &str, items: &[ChartItem<'_>]) -> Option<String> {
    match kind {
        Chart::None => None,
        Chart::Bars => Some(bars(id, title, items)),
        Chart::Radar => Some(radar(id, title, items)),
    }
}

fn fmt(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

fn fraction(item: &ChartItem<'_>) -> f64 {
    match item.value {
        Some(v) if item.max > 0 => (v / f64::from(item.max)).clamp(0.0, 1.0),
        _ => 0.0,
    }
}

fn bars(id: &str, title: &str, items: &[ChartItem<'_>]) -> String {
    let height = BAR_ROW * items.len() as f64 + 8.0;
    let width = BAR_X + BAR_FULL + 6.0;
    let mut s = format!(
        "<svg class=\"chart chart-bars\" id=\"{id}\" data-chart=\"bars\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" role=\"img\" aria-labelledby=\"{id}-title\"><title id=\"{id}-title\">{}</title>",
        fmt(width),
        fmt(height),
        fmt(width),
        fmt(height),
        escape(title)
    );
    for (i, item) in items.iter().enumerate() {
        let y = 4.0 + BAR_ROW * i as f64;
        s.push_str(&format!(
            "<text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text><rect class=\"track\" x=\"{BAR_X}\" y=\"{}\" width=\"{BAR_FULL}\" height=\"18\"/><rect class=\"bar\" data-i=\"{i}\" data-full=\"{BAR_FULL}\" x=\"{BAR_X}\" y=\"{}\" width=\"{}\" height=\"18\"><title>{}</title></rect>",
            fmt(BAR_X - 8.0),
            fmt(y + 14.0),
            i + 1,
            fmt(y),
            fmt(y),
            fmt(BAR_FULL * fraction(item)),
            escape(item.text),
        ));
    }
    s.push_str("</svg>");
    s
}

fn radar(id: &str, title: &str, items: &[ChartItem<'_>]) -> String {
    let c = RADAR_SIZE / 2.0;
    let n = items.len().max(1) as f64;
    let point = |i: usize, f: f64| {
        let a = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * i as f64 / n;
        (c + RADAR_R * f * a.cos(), c + RADAR_R * f * a.sin())
    };
    let ring = |f: f64| {
        (0..items.len())
            .map(|i| {
                let (x, y) = point(i, f);
                format!("{},{}", fmt(x), fmt(y))
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut s = format!(
        "<svg class=\"chart chart-radar\" id=\"{id}\" data-chart=\"radar\" data-cx=\"{c}\" data-cy=\"{c}\" viewBox=\"0 0 {RADAR_SIZE} {RADAR_SIZE}\" width=\"{RADAR_SIZE}\" height=\"{RADAR_SIZE}\" role=\"img\" aria-labelledby=\"{id}-title\"><title id=\"{id}-title\">{}</title>",
        escape(title)
    );
    for f in [0.25, 0.5, 0.75, 1.0] {
        s.push_str(&format!("<polygon class=\"ring\" points=\"{}\"/>", ring(f)));
    }
    for (i, item) in items.iter().enumerate() {
        let (x, y) = point(i, 1.0);
        let (lx, ly) = point(i, 1.12);
        s.push_str(&format!(
            "<line class=\"axis\" data-i=\"{i}\" x1=\"{c}\" y1=\"{c}\" x2=\"{}\" y2=\"{}\"><title>{}</title></line><text class=\"chart-label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            fmt(x),
            fmt(y),
            escape(item.text),
            fmt(lx),
            fmt(ly + 5.0),
            i + 1
        ));
    }
    let shape = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let (x, y) = point(i, fraction(item));
            format!("{},{}", fmt(x), fmt(y))
        })
        .collect::<Vec<_>>()
        .join(" ");
    s.push_str(&format!(
        "<polygon class=\"shape\" points=\"{shape}\"/></svg>"
    ));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(n: usize, value: Option<f64>) -> Vec<ChartItem<'static>> {
        (0..n)
            .map(|_| ChartItem {
                text: "A & B",
                max: 4,
                value,
            })
            .collect()
    }

    // Pins the radar: one axis per item, and the shape reaching the axis end at full marks.
    #[test]
    fn radar_has_one_axis_per_item() {
        let svg = svg(Chart::Radar, "c", "T", &items(8, Some(4.0))).unwrap();
        assert_eq!(svg.matches("class=\"axis\"").count(), 8);
        assert!(svg.contains("x2=\"170\" y2=\"45\""), "{svg}");
        assert!(svg.contains("class=\"shape\" points=\"170,45 "), "{svg}");
        assert!(svg.contains("A &amp; B"));
    }

    // Pins the bars: one per item, width in proportion to the points.
    #[test]
    fn bars_scale_with_points() {
        let svg = svg(Chart::Bars, "c", "T", &items(3, Some(2.0))).unwrap();
        assert_eq!(svg.matches("class=\"bar\"").count(), 3);
        assert!(svg.contains("width=\"135\" height=\"18\""), "{svg}");
        assert!(super::svg(Chart::None, "c", "T", &[]).is_none());
    }
}
