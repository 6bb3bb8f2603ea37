;; Running max / min over 7 float32 samples, four samples per SIMD instruction: the passes of the grey closing in
;; src/image/closing7.ts. Compiled by scripts/build-wasm.ts into src/image/closing7-wasm.ts (do not edit that file).
;; Planes are padded by the caller (3 replicated samples at each end of a row, 3 replicated rows above and below),
;; so no pass has a border case; a 4-wide step may run up to 3 samples past the row into padding or slack that the
;; caller rewrites or never reads. f32x4.pmax / pmin are `a < b ? b : a` / `b < a ? b : a`, one SIMD instruction
;; each; an extremum of non-NaN values is the same value whatever the order of comparisons.
(module
  (memory (export "memory") 1)

  ;; dst[r * stride + x] = ext(src[r * stride + x + k], k = 0..6) for r < rows, x < width (byte pointers, stride in
  ;; samples). The caller points dst 3 samples into its row, so the window is centred.
  (func (export "rowMax") (param $src i32) (param $dst i32) (param $stride i32) (param $rows i32) (param $width i32)
    (local $r i32) (local $p i32) (local $q i32) (local $end i32)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $p (i32.add (local.get $src) (i32.shl (i32.mul (local.get $r) (local.get $stride)) (i32.const 2))))
        (local.set $q (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $r) (local.get $stride)) (i32.const 2))))
        (local.set $end (i32.add (local.get $q) (i32.shl (local.get $width) (i32.const 2))))
        (block $rowDone
          (loop $x
            (br_if $rowDone (i32.ge_u (local.get $q) (local.get $end)))
            (v128.store (local.get $q)
              (f32x4.pmax
                (f32x4.pmax
                  (f32x4.pmax (v128.load offset=0 (local.get $p)) (v128.load offset=4 (local.get $p)))
                  (f32x4.pmax (v128.load offset=8 (local.get $p)) (v128.load offset=12 (local.get $p))))
                (f32x4.pmax
                  (f32x4.pmax (v128.load offset=16 (local.get $p)) (v128.load offset=20 (local.get $p)))
                  (v128.load offset=24 (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (br $x)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  (func (export "rowMin") (param $src i32) (param $dst i32) (param $stride i32) (param $rows i32) (param $width i32)
    (local $r i32) (local $p i32) (local $q i32) (local $end i32)
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $p (i32.add (local.get $src) (i32.shl (i32.mul (local.get $r) (local.get $stride)) (i32.const 2))))
        (local.set $q (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $r) (local.get $stride)) (i32.const 2))))
        (local.set $end (i32.add (local.get $q) (i32.shl (local.get $width) (i32.const 2))))
        (block $rowDone
          (loop $x
            (br_if $rowDone (i32.ge_u (local.get $q) (local.get $end)))
            (v128.store (local.get $q)
              (f32x4.pmin
                (f32x4.pmin
                  (f32x4.pmin (v128.load offset=0 (local.get $p)) (v128.load offset=4 (local.get $p)))
                  (f32x4.pmin (v128.load offset=8 (local.get $p)) (v128.load offset=12 (local.get $p))))
                (f32x4.pmin
                  (f32x4.pmin (v128.load offset=16 (local.get $p)) (v128.load offset=20 (local.get $p)))
                  (v128.load offset=24 (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (br $x)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $row))))

  ;; dst[y * dstStride + x] = ext(src[(y + k) * srcStride + x], k = 0..6) for y < rows, x < width: src row y + 3 is
  ;; the centre of the window.
  (func (export "colMax") (param $src i32) (param $srcStride i32) (param $dst i32) (param $dstStride i32) (param $rows i32) (param $width i32)
    (local $y i32) (local $p i32) (local $q i32) (local $end i32) (local $s i32)
    (local.set $s (i32.shl (local.get $srcStride) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $y) (local.get $rows)))
        (local.set $p (i32.add (local.get $src) (i32.mul (local.get $y) (local.get $s))))
        (local.set $q (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $y) (local.get $dstStride)) (i32.const 2))))
        (local.set $end (i32.add (local.get $q) (i32.shl (local.get $width) (i32.const 2))))
        (block $rowDone
          (loop $x
            (br_if $rowDone (i32.ge_u (local.get $q) (local.get $end)))
            (v128.store (local.get $q)
              (f32x4.pmax
                (f32x4.pmax
                  (f32x4.pmax (v128.load (local.get $p)) (v128.load (i32.add (local.get $p) (local.get $s))))
                  (f32x4.pmax (v128.load (i32.add (local.get $p) (i32.mul (local.get $s) (i32.const 2))))
                             (v128.load (i32.add (local.get $p) (i32.mul (local.get $s) (i32.const 3))))))
                (f32x4.pmax
                  (f32x4.pmax (v128.load (i32.add (local.get $p) (i32.shl (local.get $s) (i32.const 2))))
                             (v128.load (i32.add (local.get $p) (i32.mul (local.get $s) (i32.const 5)))))
                  (v128.load (i32.add (local.get $p) (i32.mul (local.get $s) (i32.const 6)))))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (br $x)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $row))))

  (func (export "colMin") (param $src i32) (param $srcStride i32) (param $dst i32) (param $dstStride i32) (param $rows i32) (param $width i32)
    (local $y i32) (local $p i32) (local $q i32) (local $end i32) (local $s i32)
    (local.set $s (i32.shl (local.get $srcStride) (i32.const 2)))
    (block $done
      (loop $row
        (br_if $done (i32.ge_u (local.get $y) (local.get $rows)))
        (local.set $p (i32.add (local.get $src) (i32.mul (local.get $y) (local.get $s))))
        (local.set $q (i32.add (local.get $dst) (i32.shl (i32.mul (local.get $y) (local.get $dstStride)) (i32.const 2))))
        (local.set $end (i32.add (local.get $q) (i32.shl (local.get $width) (i32.const 2))))
        (block $rowDone
          (loop $x
            (br_if $rowDone (i32.ge_u (local.get $q) (local.get $end)))
            (v128.store (local.get $q)
              (f32x4.pmin
                (f32x4.pmin
                  (f32x4.pmin (v128.load (local.get $p)) (v128.load (i32.add (local.get $p) (local.get $s))))
                  (f32x4.pmin (v128.load (i32.add (local.get $p) (i32.mul (local.get $s) (i32.const 2))))
                             (v128.load (i32.add (local.get $p) (i32.mul (local.get $s) (i32.const 3))))))
                (f32x4.pmin
                  (f32x4.pmin (v128.load (i32.add (local.get $p) (i32.shl (local.get $s) (i32.const 2))))
                             (v128.load (i32.add (local.get $p) (i32.mul (local.get $s) (i32.const 5)))))
                  (v128.load (i32.add (local.get $p) (i32.mul (local.get $s) (i32.const 6)))))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (br $x)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $row)))))
