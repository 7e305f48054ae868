//! Splitting one line of a points file into its fields, as CSV quotes
//! them; csv-core does the parsing.

use csv_core::{ReadRecordResult, Terminator};

/// Splits lines into fields as CSV quotes them (`"W[1,2]"`, `""` for a
/// quote), with one parser reused line after line.
pub struct Fields {
    parser: csv_core::Reader,
    output: Vec<u8>,
    ends: Vec<usize>,
}

impl Fields {
    /// A splitter at `delimiter` (`,` or a tab).
    pub fn new(delimiter: u8) -> Fields {
        let parser = csv_core::ReaderBuilder::new()
            .delimiter(delimiter)
            .terminator(Terminator::Any(b'\n'))
            .build();
        Fields {
            parser,
            output: vec![0; 1024],
            ends: vec![0; 64],
        }
    }

    /// The fields of `line` (without its line ending: a `\r` in it is
    /// text, and an unclosed quote runs to its end).
    pub fn split(&mut self, line: &[u8]) -> Record<'_> {
        self.parser.reset();
        let (mut rest, mut written, mut ended) = (line, 0, 0);
        loop {
            let (result, read, wrote, ends) =
                self.parser
                    .read_record(rest, &mut self.output[written..], &mut self.ends[ended..]);
            rest = &rest[read..];
            written += wrote;
            ended += ends;
            match result {
                // The line is all given: the next call, with nothing, ends it.
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.output.resize(self.output.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record | ReadRecordResult::End => break,
            }
        }
        Record {
            text: &self.output[..written],
            ends: &self.ends[..ended],
        }
    }
}

/// One line's fields, unquoted.
pub struct Record<'f> {
    text: &'f [u8],
    /// Where each field ends in `text`.
    ends: &'f [usize],
}

impl Record<'_> {
    /// The number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Each field as text; `None` for one that is not UTF-8.
    pub fn fields(&self) -> impl Iterator<Item = Option<&str>> {
        // One check for the whole line; a field alone only when it fails.
        let whole = std::str::from_utf8(self.text).ok();
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(self.ends).map(move |(start, &end)| {
            match whole.and_then(|text| text.get(start..end)) {
                Some(field) => Some(field),
                None => std::str::from_utf8(&self.text[start..end]).ok(),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(fields: &mut Fields, line: &[u8]) -> Vec<Option<String>> {
        let record = fields.split(line);
        let all: Vec<Option<String>> = record.fields().map(|f| f.map(String::from)).collect();
        assert_eq!(all.len(), record.len());
        all
    }

    fn text(fields: &[&str]) -> Vec<Option<String>> {
        fields.iter().map(|f| Some(f.to_string())).collect()
    }

    #[test]
    fn fields_are_unquoted_line_after_line() {
        let mut fields = Fields::new(b',');
        assert_eq!(
            split(&mut fields, b"x,\"W[1, 2]\",\"a\"\"b\",,"),
            text(&["x", "W[1, 2]", "a\"b", "", ""])
        );
        assert_eq!(split(&mut fields, b"1\r2,\"open"), text(&["1\r2", "open"]));
        assert_eq!(split(&mut fields, b"3"), text(&["3"]));
        let mut tabs = Fields::new(b'\t');
        assert_eq!(split(&mut tabs, b"1,5\t2"), text(&["1,5", "2"]));
    }

    #[test]
    fn fields_grow_past_their_first_buffers() {
        let mut fields = Fields::new(b',');
        let long = "7".repeat(5000);
        let many = vec![long.as_str(); 300].join(",");
        assert_eq!(
            split(&mut fields, many.as_bytes()),
            text(&vec![long.as_str(); 300])
        );
    }

    #[test]
    fn a_field_that_is_not_utf8_is_none_even_when_the_line_would_be() {
        let mut fields = Fields::new(b',');
        assert_eq!(
            split(&mut fields, b"1,\xff,3"),
            vec![Some("1".to_string()), None, Some("3".to_string())]
        );
        // "é" is C3 A9: split by a delimiter, each half is not UTF-8.
        assert_eq!(split(&mut fields, b"\xc3,\xa9"), vec![None, None]);
    }
}
