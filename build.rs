//! Embeds every locale profile in `rules/locales/` (one YAML file a locale), so a new
//! profile needs no code change, and writes the character-class table of the Basic
//! Multilingual Plane that `locale::script` reads (one byte a character, from the standard
//! library's Unicode data and the general categories, so it agrees with them exactly).

use std::fmt::Write;
use std::path::Path;

include!("src/locale/punctuation_category.rs");

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/locales");
    println!("cargo:rerun-if-changed={}", dir.display());
    println!("cargo:rerun-if-changed=src/locale/punctuation_category.rs");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("rules/locales")
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "yaml")
                && p.file_name().is_some_and(|n| n != "scripts.yaml")
        })
        .collect();
    files.sort();
    let mut out = String::from("[\n");
    for path in &files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push(']');
    let out_dir = std::env::var("OUT_DIR").unwrap();
    std::fs::write(Path::new(&out_dir).join("locales.rs"), out).unwrap();
    std::fs::write(Path::new(&out_dir).join("char_classes.bin"), char_classes()).unwrap();
}

/// One byte of class bits for every code point below U+10000; the bit values are
/// `locale::script::class`'s.
fn char_classes() -> Vec<u8> {
    (0u32..0x10000)
        .map(|u| {
            let Some(c) = char::from_u32(u) else {
                return 0;
            };
            let punctuation = is_punctuation_category(c);
            let mut lower = c.to_lowercase();
            let lowercase_differs = !(lower.next() == Some(c) && lower.next().is_none());
            u8::from(c.is_alphabetic())
                | u8::from(c.is_numeric()) << 1
                | u8::from(punctuation) << 2
                | u8::from(lowercase_differs) << 3
                | u8::from(c.is_whitespace()) << 4
        })
        .collect()
}
