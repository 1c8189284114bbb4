//! Synthetic media made from code, for the demo and for test fixtures:
//! JPEG photos carrying EXIF times, PNG chat screenshots, WAV recordings.
//! Nothing here is real people's data, and nothing needs a file from outside.

/// Deterministic pseudo-random numbers (SplitMix64), so every demo is alike.
#[derive(Debug, Clone)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// `len` pseudo-random bytes from `seed`: test and benchmark content that no
/// other file shares.
pub fn bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut rng = Rng(seed);
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        out.extend_from_slice(&rng.next_u64().to_le_bytes());
    }
    out.truncate(len);
    out
}

/// A 320×240 JPEG "photo" with EXIF DateTimeOriginal and OffsetTimeOriginal.
pub fn photo(rng: &mut Rng, datetime: &str, offset: Option<&str>) -> Vec<u8> {
    let (w, h) = (320u16, 240u16);
    let base = [
        rng.below(80) as u8 + 90,
        rng.below(60) as u8 + 80,
        rng.below(60) as u8 + 70,
    ];
    let mut pixels = Vec::with_capacity(usize::from(w) * usize::from(h) * 3);
    for y in 0..h {
        for x in 0..w {
            // A door with a white notice taped to it.
            let notice = (120..200).contains(&x) && (60..170).contains(&y);
            let line = notice && y % 12 < 2 && (130..190).contains(&x);
            let shade = ((x / 4 + y / 6) % 9) as u8;
            let px = if line {
                [40, 40, 40]
            } else if notice {
                [236, 234, 228]
            } else {
                [base[0] + shade, base[1] + shade, base[2] + shade]
            };
            pixels.extend_from_slice(&px);
        }
    }
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 80);
    // Both calls only fail for oversized segments, which these are not.
    let _ = encoder.add_exif_metadata(&exif_tiff(datetime, offset));
    let _ = encoder.encode(&pixels, w, h, jpeg_encoder::ColorType::Rgb);
    out
}

/// A little-endian TIFF structure holding Make, Model, DateTimeOriginal and
/// OffsetTimeOriginal, as phones write them.
pub fn exif_tiff(datetime: &str, offset: Option<&str>) -> Vec<u8> {
    fn ascii(s: &str) -> Vec<u8> {
        let mut v = s.as_bytes().to_vec();
        v.push(0);
        v
    }
    let make = ascii("DemoPhone");
    let model = ascii("DP-1");
    let dto = ascii(datetime);
    let oto = offset.map(ascii);
    // Layout: header (8), IFD0 with 3 entries (2 + 36 + 4 = 42), Exif IFD with
    // 1 or 2 entries (2 + 12 each + 4), then the values.
    let ifd0 = 8u32;
    let exif_ifd = ifd0 + 42;
    let mut data_at = exif_ifd + 6 + 12 * (1 + u32::from(oto.is_some()));
    let mut out = b"II\x2a\x00".to_vec();
    out.extend_from_slice(&ifd0.to_le_bytes());
    let mut values = Vec::new();
    let mut entry =
        |out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: Option<&[u8]>, inline: u32| {
            out.extend_from_slice(&tag.to_le_bytes());
            out.extend_from_slice(&kind.to_le_bytes());
            out.extend_from_slice(&count.to_le_bytes());
            match value {
                Some(bytes) => {
                    out.extend_from_slice(&data_at.to_le_bytes());
                    values.extend_from_slice(bytes);
                    data_at += bytes.len() as u32;
                }
                None => out.extend_from_slice(&inline.to_le_bytes()),
            }
        };
    out.extend_from_slice(&3u16.to_le_bytes());
    entry(&mut out, 0x010F, 2, make.len() as u32, Some(&make), 0);
    entry(&mut out, 0x0110, 2, model.len() as u32, Some(&model), 0);
    entry(&mut out, 0x8769, 4, 1, None, exif_ifd);
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&(1 + u16::from(oto.is_some())).to_le_bytes());
    entry(&mut out, 0x9003, 2, dto.len() as u32, Some(&dto), 0);
    if let Some(oto) = &oto {
        entry(&mut out, 0x9011, 2, oto.len() as u32, Some(oto), 0);
    }
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&values);
    out
}

/// A 180×320 PNG "screenshot" of a chat: bubbles left and right.
pub fn screenshot(rng: &mut Rng) -> Vec<u8> {
    let (w, h) = (180u32, 320u32);
    let mut bubbles = Vec::new();
    let mut y = 30;
    while y < h - 30 {
        let height = 14 + rng.below(20) as u32;
        let width = 60 + rng.below(90) as u32;
        let mine = rng.below(4) == 0;
        bubbles.push((mine, y, height, width));
        y += height + 10;
    }
    let mut raw = Vec::with_capacity(((w * 3 + 1) * h) as usize);
    for y in 0..h {
        raw.push(0); // filter: none
        for x in 0..w {
            let mut px = if y < 22 {
                [48, 48, 48]
            } else {
                [237, 237, 237]
            };
            for &(mine, by, bh, bw) in &bubbles {
                let (x0, x1) = if mine {
                    (w - 8 - bw, w - 8)
                } else {
                    (8, 8 + bw)
                };
                if (by..by + bh).contains(&y) && (x0..x1).contains(&x) {
                    px = if mine {
                        [149, 236, 105]
                    } else {
                        [255, 255, 255]
                    };
                }
            }
            raw.extend_from_slice(&px);
        }
    }
    png(w, h, &raw)
}

/// Encodes filtered RGB scanlines as a PNG with stored (uncompressed) deflate
/// blocks: no compressor needed, and every decoder reads it.
pub fn png(w: u32, h: u32, raw: &[u8]) -> Vec<u8> {
    let mut zlib = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, block) in blocks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());

    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    for (kind, data) in [
        (b"IHDR", &ihdr[..]),
        (b"IDAT", &zlib[..]),
        (b"IEND", &[][..]),
    ] {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    out
}

/// A decompression bomb: a valid PNG header claiming `w` × `h` pixels over
/// a few bytes of image data (four rows' worth), so a decoder that trusts
/// the header allocates gigabytes before it finds the data missing.
pub fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    let mut bomb = png(1, 4, &[0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3]);
    bomb[16..20].copy_from_slice(&w.to_be_bytes());
    bomb[20..24].copy_from_slice(&h.to_be_bytes());
    let crc = crc32(&bomb[12..29]);
    bomb[29..33].copy_from_slice(&crc.to_be_bytes());
    bomb
}

/// CRC-32 as PNG chunks (and ZIP entries) use it.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A mono 8 kHz 16-bit WAV of `seconds`: a dial tone and a voice-like murmur.
pub fn wav(rng: &mut Rng, seconds: u32) -> Vec<u8> {
    let rate = 8_000u32;
    let samples = rate * seconds;
    let mut out = Vec::with_capacity(44 + samples as usize * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + samples * 2).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&(samples * 2).to_le_bytes());
    let mut phase = 0f32;
    for n in 0..samples {
        let t = n as f32 / rate as f32;
        let envelope = if (t * 3.0).sin() > 0.0 { 0.5 } else { 0.1 };
        phase += 2.0 * std::f32::consts::PI * (180.0 + 40.0 * (t * 2.0).sin()) / rate as f32;
        let noise = (rng.below(2000) as f32 - 1000.0) / 1000.0;
        let value = (phase.sin() * 0.6 + noise * 0.05) * envelope * 12_000.0;
        out.extend_from_slice(&(value as i16).to_le_bytes());
    }
    out
}
