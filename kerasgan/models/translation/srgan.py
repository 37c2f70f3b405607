"""SRGAN and SRResNet: 4x super-resolution with a perceptual loss (Ledig et al. 2017)."""

import warnings

import keras
from keras import ops

from kerasgan.engine import Phase
from kerasgan.models.base.image_to_image import TranslationGAN, TranslationModel, l2
from kerasgan.models.translation.srgan_networks import SRDiscriminator
from kerasgan.models.translation.vgg_content import content_extractor, find_vgg19_weights
from kerasgan.networks.srresnet import SRResNetGenerator

CONTENT_LOSSES = ("vgg", "pixel")
# Ledig et al. rescale VGG feature maps by 1/12.75 before the squared error.
VGG_RESCALE = 1.0 / 12.75**2


class _Frozen:
    """Holds a network outside Keras' tracking, so it is neither trained nor saved."""

    def __init__(self, network):
        self.network = network


def upscale_factor(source_shape, image_shape):
    """The integer scale between low- and high-resolution shapes (a power of two)."""
    (h, w, c), (hh, ww, cc) = source_shape, image_shape
    scale = hh // h if h else 0
    if c != cc or h * scale != hh or w * scale != ww or scale < 2 or scale & (scale - 1):
        raise ValueError(
            f"high-resolution shape {tuple(image_shape)} is not a power-of-two multiple (2, 4, "
            f"8...) of the low-resolution shape {tuple(source_shape)} with the same channels."
        )
    return scale


def sr_generator(source_shape, image_shape, scale, g_filters, n_blocks, input_skip):
    """`(scale, SRResNetGenerator)` for the shapes, the scale checked against them."""
    found = upscale_factor(tuple(source_shape), tuple(image_shape))
    if found != int(scale):
        raise ValueError(
            f"scale={scale} does not match the shapes: {tuple(image_shape)} is "
            f"{found}x {tuple(source_shape)}."
        )
    generator = SRResNetGenerator(
        source_shape,
        scale=found,
        filters=g_filters,
        n_blocks=n_blocks,
        out_channels=image_shape[-1],
        input_skip=input_skip,
        name="generator",
    )
    return found, generator


# The paper's Adam: 1e-4, beta_1 0.9 (GAN's 0.5 made the pixel loss noisy here).
SR_OPTIMIZER = {"learning_rate": 1e-4, "beta_1": 0.9, "beta_2": 0.999}


@keras.saving.register_keras_serializable(package="kerasgan")
class SRGAN(TranslationGAN):
    """SRGAN: SRResNet generator, VGG content loss plus 1e-3 adversarial loss.

    G is a residual network that ends in sub-pixel convolutions (x2 each); D is
    the paper's strided VGG-style classifier. G minimises a content loss (the
    squared error between VGG19 feature maps, rescaled as in the paper, of the
    super-resolved and the true image) plus `adversarial_weight` times the
    non-saturating GAN loss. VGG19's ImageNet weights are used when they are in
    the Keras cache or at `vgg_weights`; nothing is downloaded. Without them the
    content loss falls back to the pixel squared error, with a warning, and
    `content_fallback` says why. For the first `pretrain_steps` steps the
    generator minimises the pixel squared error alone (SRResNet pre-training).

    Reference: Ledig, Theis, Huszar et al., "Photo-Realistic Single Image
    Super-Resolution Using a Generative Adversarial Network", CVPR 2017
    (arXiv:1609.04802).

    Args:
        source_shape: (height, width, channels) of the low-resolution crops.
        image_shape: (height, width, channels) of the high-resolution crops: a
            power-of-two multiple of `source_shape` (4x in the paper).
        scale: the upscaling factor, `image_shape / source_shape` (4); training
            from the CLI cuts the photos' crops at this scale.
        g_filters: channels of G's residual blocks (64).
        n_blocks: residual blocks of G (16).
        input_skip: "bicubic" (G adds its output to the bicubically enlarged input,
            global residual learning as in VDSR), "bilinear", or "none" (the paper's
            G). Not in the paper: trained on a few photos for minutes, the paper's G
            shifted colours it had not seen (teal became navy) and stayed 10 dB below
            bicubic interpolation, and the bilinear skip stayed 0.2 dB below it
            (benchmarks/RESULTS.md).
        d_filters: channels of D's first convolution (64).
        content: "vgg" (VGG19 feature loss) or "pixel" (mean squared error).
        content_layer: the VGG19 layer compared ("block5_conv4": the paper's VGG54).
        vgg_weights: a path to VGG19 no-top weights (.h5); "" looks in the Keras
            cache only.
        adversarial_weight: weight of G's adversarial loss (1e-3).
        pretrain_steps: steps of pixel-loss-only training before the GAN losses.
        loss: adversarial loss name ("non_saturating").
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = SRGAN(source_shape=(16, 16, 3), image_shape=(64, 64, 3), content="pixel")
        >>> gan.compile()
        >>> gan.fit(crops.batches(16), epochs=5)   # batches of (low-res, high-res)
    """

    recipe = "superres"
    same_size = False
    optimizer_defaults = SR_OPTIMIZER

    def __init__(
        self,
        source_shape=(16, 16, 3),
        image_shape=(64, 64, 3),
        scale=4,
        g_filters=64,
        n_blocks=16,
        input_skip="bicubic",
        d_filters=64,
        content="vgg",
        content_layer="block5_conv4",
        vgg_weights="",
        adversarial_weight=1e-3,
        pretrain_steps=0,
        loss="non_saturating",
        seed=None,
        name="srgan",
        **kwargs,
    ):
        if content not in CONTENT_LOSSES:
            raise ValueError(
                f"content must be one of {', '.join(CONTENT_LOSSES)}, not {content!r}."
            )
        self.scale, generator = sr_generator(
            source_shape, image_shape, scale, g_filters, n_blocks, input_skip
        )
        self.g_filters, self.n_blocks, self.d_filters = (
            int(g_filters),
            int(n_blocks),
            int(d_filters),
        )
        self.input_skip = input_skip
        self.content, self.content_layer, self.vgg_weights = content, content_layer, vgg_weights
        self.adversarial_weight = float(adversarial_weight)
        self.pretrain_steps = int(pretrain_steps)
        super().__init__(
            generator,
            SRDiscriminator(image_shape, filters=d_filters, name="discriminator"),
            source_shape=source_shape,
            image_shape=image_shape,
            loss=loss,
            seed=seed,
            name=name,
            **kwargs,
        )
        self.content_fallback = None
        self._vgg = _Frozen(self._load_vgg() if content == "vgg" else None)

    def _load_vgg(self):
        path = find_vgg19_weights(self.vgg_weights or None)
        if path is None:
            where = self.vgg_weights or "the Keras cache (~/.keras/models)"
            self.content_fallback = (
                f"VGG19 weights not found in {where}: the content loss is the pixel squared "
                "error instead. Put vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5 there "
                "or pass --vgg-weights PATH."
            )
            warnings.warn(self.content_fallback, stacklevel=4)
            return None
        extractor = content_extractor(path, layer=self.content_layer)
        extractor.trainable = False
        return extractor

    def phases(self):
        """D's update on high-resolution crops and G's outputs, then G's update."""
        d_logs = ["d_loss"]
        if self.adversarial_loss.probabilistic:
            d_logs += ["d_acc_real", "d_acc_fake"]
        return [
            Phase("discriminator", ("discriminator",), self.discriminator_loss, tuple(d_logs)),
            Phase(
                "generator",
                ("generator",),
                self.generator_loss,
                ("g_loss", "g_adv", "content", "mse"),
            ),
        ]

    def pretraining(self, ctx):
        """1.0 while the step is within `pretrain_steps`, else 0.0 (a scalar tensor)."""
        step = ctx.value(self.optimizer.iterations)
        return ops.cast(step < self.pretrain_steps, "float32")

    def content_loss(self, sr, hr):
        """The VGG feature loss (rescaled as in the paper), or the pixel squared error."""
        vgg = self._vgg.network
        if vgg is None:
            return l2(sr, hr)
        return VGG_RESCALE * l2(vgg(sr, training=False), ops.stop_gradient(vgg(hr, training=False)))

    def discriminator_loss(self, ctx, lr, hr):
        """D's adversarial loss (zero while G pre-trains)."""
        fake = ops.stop_gradient(ctx("generator", lr))
        real_logits = ctx("discriminator", hr)
        fake_logits = ctx("discriminator", fake)
        loss = self.adversarial_loss.discriminator(real_logits, fake_logits)
        if self.pretrain_steps:
            loss = loss * (1.0 - self.pretraining(ctx))
        return loss, {"d_loss": loss, **self.accuracy_logs(real_logits, fake_logits)}

    def generator_loss(self, ctx, lr, hr):
        """Content loss plus `adversarial_weight` times the adversarial loss (pixel loss
        alone while pre-training)."""
        sr = ctx("generator", lr)
        mse = l2(sr, hr)
        content = self.content_loss(sr, hr)
        adversarial = self.adversarial_loss.generator(ctx("discriminator", sr))
        loss = content + self.adversarial_weight * adversarial
        if self.pretrain_steps:
            pre = self.pretraining(ctx)
            loss = pre * mse + (1.0 - pre) * loss
        return loss, {"g_loss": loss, "g_adv": adversarial, "content": content, "mse": mse}


@keras.saving.register_keras_serializable(package="kerasgan")
class SRResNet(TranslationModel):
    """SRResNet: SRGAN's generator trained on the pixel squared error alone.

    The paper's baseline and SRGAN's initialisation: the highest PSNR, smoother
    textures. It has no discriminator.

    Reference: Ledig et al., CVPR 2017 (arXiv:1609.04802), section 3.

    Args:
        source_shape: (height, width, channels) of the low-resolution crops.
        image_shape: (height, width, channels) of the high-resolution crops.
        scale: the upscaling factor, `image_shape / source_shape` (4).
        g_filters: channels of G's residual blocks (64).
        n_blocks: residual blocks of G (16).
        input_skip: "bicubic" (residual on the bicubically enlarged input), "bilinear"
            or "none" (the paper).
        seed: seed of the noise drawn during training.
        name: the model's name.
        **kwargs: passed to `TranslationModel` (ema_decay).

    Example:
        >>> model = SRResNet(source_shape=(16, 16, 3), image_shape=(64, 64, 3))
        >>> model.compile()
        >>> model.fit(crops.batches(16), epochs=5)   # batches of (low-res, high-res)
    """

    recipe = "superres"
    same_size = False
    optimizer_defaults = SR_OPTIMIZER

    def __init__(
        self,
        source_shape=(16, 16, 3),
        image_shape=(64, 64, 3),
        scale=4,
        g_filters=64,
        n_blocks=16,
        input_skip="bicubic",
        seed=None,
        name="srresnet",
        **kwargs,
    ):
        self.scale, generator = sr_generator(
            source_shape, image_shape, scale, g_filters, n_blocks, input_skip
        )
        self.g_filters, self.n_blocks, self.input_skip = int(g_filters), int(n_blocks), input_skip
        super().__init__(generator, source_shape, image_shape, seed=seed, name=name, **kwargs)

    def phases(self):
        """G's update on the pixel squared error."""
        return [Phase("generator", ("generator",), self.generator_loss, ("g_loss",))]

    def generator_loss(self, ctx, lr, hr):
        """The mean squared error between G's output and the high-resolution crop."""
        loss = l2(ctx("generator", lr), hr)
        return loss, {"g_loss": loss}
