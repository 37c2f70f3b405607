"""Pix2Pix: a conditional GAN for paired image-to-image translation (Isola et al. 2017)."""

import keras
from keras import ops

from kerasgan.engine import Phase
from kerasgan.models.base.image_to_image import TranslationGAN, check_same_size, l1
from kerasgan.networks.patchgan import PatchDiscriminator
from kerasgan.networks.unet import UNetGenerator


@keras.saving.register_keras_serializable(package="kerasgan")
class Pix2Pix(TranslationGAN):
    """Pix2Pix: U-Net generator, PatchGAN discriminator on (source, target), L1 weight 100.

    D sees the source image beside a real or a translated target and judges each
    patch; G minimises the adversarial loss plus `l1_weight` times the L1 distance
    to the true target. As in the paper, D's loss is halved, there is no noise
    vector besides the dropout of G (kept on when sampling is not done here: the
    sampler runs G in inference mode), and Adam(2e-4, 0.5) trains both.

    Reference: Isola, Zhu, Zhou & Efros, "Image-to-Image Translation with
    Conditional Adversarial Networks", CVPR 2017 (arXiv:1611.07004).

    Args:
        source_shape: (height, width, channels) of the input images (domain A).
        image_shape: (height, width, channels) of the target images (domain B).
        g_filters: channels of the U-Net's first convolution (64 in the paper).
        d_filters: channels of the PatchGAN's first convolution (64).
        depth: downsamplings of the U-Net (None: down to 1x1, at most 8).
        d_layers: strided layers of the PatchGAN (3 is the 70x70 receptive field
            of the paper at 256 px; None scales it to the image size).
        l1_weight: weight of the L1 distance to the target (lambda = 100).
        norm: "batch" (the paper), "instance" or "none".
        dropout: dropout rate in G's first decoder blocks (0.5).
        loss: adversarial loss name (the paper's is "non_saturating").
        seed: seed of the noise drawn during training.
        name: the model's name.

    Example:
        >>> gan = Pix2Pix(source_shape=(32, 32, 1), image_shape=(32, 32, 1))
        >>> gan.compile()
        >>> gan.fit(pairs.batches(16), epochs=5)      # batches of (source, target)
    """

    recipe = "paired"

    def __init__(
        self,
        source_shape=(28, 28, 1),
        image_shape=(28, 28, 1),
        g_filters=64,
        d_filters=64,
        depth=0,
        d_layers=0,
        l1_weight=100.0,
        norm="batch",
        dropout=0.5,
        loss="non_saturating",
        seed=None,
        name="pix2pix",
        **kwargs,
    ):
        check_same_size(source_shape, image_shape)  # before the networks are made
        self.g_filters, self.d_filters = int(g_filters), int(d_filters)
        self.depth, self.d_layers = int(depth or 0), int(d_layers or 0)
        self.l1_weight, self.norm, self.dropout = float(l1_weight), norm, float(dropout)
        super().__init__(
            UNetGenerator(
                source_shape,
                image_shape[-1],
                filters=g_filters,
                depth=self.depth or None,
                norm=norm,
                dropout=dropout,
                name="generator",
            ),
            PatchDiscriminator(
                source_shape,
                image_shape,
                filters=d_filters,
                n_layers=self.d_layers or None,
                norm=norm,
                conditional=True,
                name="discriminator",
            ),
            source_shape=source_shape,
            image_shape=image_shape,
            loss=loss,
            seed=seed,
            name=name,
            **kwargs,
        )

    def phases(self):
        """D's update on (source, target) pairs, then G's adversarial plus L1 update."""
        d_logs = ["d_loss"]
        if self.adversarial_loss.probabilistic:
            d_logs += ["d_acc_real", "d_acc_fake"]
        return [
            Phase("discriminator", ("discriminator",), self.discriminator_loss, tuple(d_logs)),
            Phase("generator", ("generator",), self.generator_loss, ("g_loss", "g_adv", "l1")),
        ]

    def critic(self, ctx, images, source):
        """D's patch logits for target `images` beside their `source` images."""
        return ctx("discriminator", images, source)

    def discriminator_loss(self, ctx, source, target):
        """Half D's adversarial loss on real targets and translations beside their sources."""
        fake = ops.stop_gradient(ctx("generator", source))
        real_logits = self.critic(ctx, target, source)
        fake_logits = self.critic(ctx, fake, source)
        loss = 0.5 * self.adversarial_loss.discriminator(real_logits, fake_logits)
        return loss, {"d_loss": loss, **self.accuracy_logs(real_logits, fake_logits)}

    def generator_loss(self, ctx, source, target):
        """G's adversarial loss plus `l1_weight` times the L1 distance to the targets."""
        fake = ctx("generator", source)
        real_logits = None
        if self.adversarial_loss.relativistic:
            real_logits = ops.stop_gradient(self.critic(ctx, target, source))
        adversarial = self.adversarial_loss.generator(self.critic(ctx, fake, source), real_logits)
        distance = l1(fake, target)
        loss = adversarial + self.l1_weight * distance
        return loss, {"g_loss": loss, "g_adv": adversarial, "l1": distance}
