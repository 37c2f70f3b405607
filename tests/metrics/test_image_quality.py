"""PSNR, SSIM and L1 against scikit-image and obvious cases."""

import numpy as np
import pytest

from kerasgan.metrics.image_quality import l1, psnr, ssim


def pair(shape, seed=0, noise=20):
    """A random uint8 batch and a noisy copy of it."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, 256, shape, dtype=np.uint8)
    b = np.clip(a + rng.normal(0, noise, shape), 0, 255).astype(np.uint8)
    return a, b


@pytest.mark.parametrize("shape", [(3, 16, 16, 3), (2, 28, 20, 1)])
def test_psnr_and_ssim_match_scikit_image(shape):
    metrics = pytest.importorskip("skimage.metrics")
    a, b = pair(shape)
    expected_psnr = [metrics.peak_signal_noise_ratio(x, y, data_range=255) for x, y in zip(a, b)]
    expected_ssim = [
        metrics.structural_similarity(
            x,
            y,
            gaussian_weights=True,
            sigma=1.5,
            use_sample_covariance=False,
            channel_axis=-1,
            data_range=255,
        )
        for x, y in zip(a, b)
    ]
    got_psnr, got_ssim = psnr(a, b), ssim(a, b)
    np.testing.assert_allclose(got_psnr.per_image, expected_psnr, rtol=1e-10)
    np.testing.assert_allclose(got_ssim.per_image, expected_ssim, rtol=1e-7, atol=1e-10)
    assert got_psnr.mean == pytest.approx(np.mean(expected_psnr))
    assert got_ssim.mean == pytest.approx(np.mean(expected_ssim))


def test_float_images_with_their_own_range():
    metrics = pytest.importorskip("skimage.metrics")
    a, b = pair((2, 12, 12, 3), seed=1)
    a, b = a / 127.5 - 1, b / 127.5 - 1
    options = {"gaussian_weights": True, "sigma": 1.5, "use_sample_covariance": False}
    expected = metrics.structural_similarity(a[0], b[0], channel_axis=-1, data_range=2.0, **options)
    assert ssim(a, b, data_range=2.0).per_image[0] == pytest.approx(expected, rel=1e-7)
    assert psnr(a, b, data_range=2.0).mean == pytest.approx(psnr(*pair((2, 12, 12, 3), 1)).mean)


def test_identical_images():
    a, _ = pair((2, 11, 11, 3))
    assert np.all(np.isinf(psnr(a, a).per_image)) and psnr(a, a).mean == np.inf
    np.testing.assert_allclose(ssim(a, a).per_image, 1.0)
    assert l1(a, a).mean == 0.0


def test_known_values():
    a = np.zeros((1, 11, 11, 1), np.uint8)
    b = np.full_like(a, 255)
    assert psnr(a, b).mean == pytest.approx(0.0)
    assert psnr(a, np.full_like(a, 1)).mean == pytest.approx(20 * np.log10(255))
    assert l1(a, b).per_image.tolist() == [255.0]
    c1 = (0.01 * 255) ** 2  # flat images: only the luminance term differs from 1
    assert ssim(a, b).mean == pytest.approx(c1 / (255**2 + c1))


def test_worse_images_score_worse():
    a, slightly = pair((2, 16, 16, 3), noise=5)
    _, badly = pair((2, 16, 16, 3), noise=60)
    assert psnr(a, slightly).mean > psnr(a, badly).mean
    assert ssim(a, slightly).mean > ssim(a, badly).mean
    assert l1(a, slightly).mean < l1(a, badly).mean


def test_bad_inputs_raise():
    a, b = pair((1, 16, 16, 3))
    with pytest.raises(ValueError, match="same shape"):
        psnr(a, b[..., :1])
    with pytest.raises(ValueError, match="NHWC"):
        l1(a[0], b[0])
    with pytest.raises(ValueError, match="11x11"):
        ssim(a[:, :8], b[:, :8])
