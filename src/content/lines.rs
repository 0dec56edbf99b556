//! Line and column of byte offsets in a file, in time linear in the file however many
//! positions are asked for (a page with a million links must not cost a million scans).

use std::cell::{Cell, OnceCell};

/// Finds 1-based lines and columns (in characters) of byte offsets in one text. Lines are
/// indexed on first use; columns are counted on from the previous answer when it is on the
/// same line and earlier, so offsets asked for in order cost one pass in all.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: OnceCell<Vec<usize>>,
    /// The last answer: byte offset, line, column.
    last: Cell<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            starts: OnceCell::new(),
            last: Cell::new((0, 1, 1)),
        }
    }

    /// The same answer as [`crate::text::line_col`].
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let text = self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.starts.get_or_init(|| {
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = starts.partition_point(|&s| s <= offset);
        let line_start = starts[line - 1];
        let (last_offset, last_line, last_column) = self.last.get();
        let column = if last_line == line && last_offset <= offset && last_offset >= line_start {
            last_column + text[last_offset..offset].chars().count()
        } else {
            text[line_start..offset].chars().count() + 1
        };
        self.last.set((offset, line, column));
        (line, column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::line_col;

    // Pins that every position agrees with `line_col`, asked in order or out of order.
    #[test]
    fn agrees_with_line_col() {
        let text = "ab\ncdé f\n\nlast é line";
        let index = LineIndex::new(text);
        let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
        offsets.extend((0..=text.len()).rev());
        for at in offsets {
            assert_eq!(index.position(at), line_col(text, at), "offset {at}");
        }
    }
}
