"""CycleGAN: unpaired translation with cycle consistency (Zhu et al. 2017)."""

import keras
import numpy as np
from keras import ops

from kerasgan.engine import Phase
from kerasgan.models.base.image_to_image import TranslationGAN, check_same_size, distance
from kerasgan.models.translation.image_pool import pool_query
from kerasgan.networks.patchgan import PatchDiscriminator
from kerasgan.networks.translators import EncoderDecoderTranslator, ResNetTranslator
from kerasgan.networks.unet import UNetGenerator
from kerasgan.penalties import gradient_penalty, interpolate

TRANSLATORS = ("resnet", "unet", "encoder_decoder")


def make_translator(kind, source_shape, out_channels, filters, norm, name):
    """The translating network named `kind`, from `source_shape` to `out_channels`.

    Args:
        kind: "resnet" (Johnson et al. 2016, CycleGAN's), "unet" (Pix2Pix's, used by
            DualGAN) or "encoder_decoder" (DiscoGAN's: no skip connections).
        source_shape: (height, width, channels) of its input.
        out_channels: channels of its output.
        filters: channels of its first convolution.
        norm: "instance", "batch" or "none".
        name: the network's name.
    """
    if kind == "resnet":
        return ResNetTranslator(source_shape, out_channels, filters=filters, norm=norm, name=name)
    if kind == "unet":
        return UNetGenerator(
            source_shape, out_channels, filters=filters, norm=norm, dropout=0.0, name=name
        )
    if kind == "encoder_decoder":
        return EncoderDecoderTranslator(
            source_shape, out_channels, filters=filters, norm=norm, name=name
        )
    raise ValueError(f"translator must be one of {', '.join(TRANSLATORS)}, not {kind!r}.")


@keras.saving.register_keras_serializable(package="kerasgan")
class CycleGAN(TranslationGAN):
    """CycleGAN: two translators, two PatchGANs, least squares, cycle weight 10, identity.

    G maps A to B and F maps B to A; D_B judges B images and D_A judges A images.
    The generators minimise the adversarial losses of both directions plus
    `cycle_weight` times the L1 cycle error |F(G(a)) - a| + |G(F(b)) - b| plus
    `identity_weight * cycle_weight` times |G(b) - b| + |F(a) - a|. The
    discriminators see real images against a history of `pool_size` generated
    ones (`kerasgan.models.translation.image_pool`), with their loss halved. The learning rate
    stays at 2e-4 for the first `decay_start` of the epochs and then falls linearly
    to zero (`kerasgan.callbacks.LinearDecay`, added by `kerasgan train`).

    Reference: Zhu, Park, Isola & Efros, "Unpaired Image-to-Image Translation using
    Cycle-Consistent Adversarial Networks", ICCV 2017 (arXiv:1703.10593).

    Args:
        source_shape: (height, width, channels) of domain A's images.
        image_shape: (height, width, channels) of domain B's images.
        g_filters: channels of each translator's first convolution (64).
        d_filters: channels of each PatchGAN's first convolution (64).
        translator: "resnet" (the paper), "unet" or "encoder_decoder".
        d_layers: strided layers of the PatchGANs (None: scaled to the size).
        norm: "instance" (the paper), "batch" or "none".
        d_norm: the discriminators' normalization when it differs from `norm`
            ("" keeps `norm`; "none" suits a gradient penalty or weight clipping).
        cycle_weight: weight lambda of the cycle-consistency loss (10).
        identity_weight: identity loss weight relative to `cycle_weight` (0.5;
            needs A and B with the same channel count, else use 0).
        reconstruction: distance of the cycle and identity losses, "l1" or "l2".
        pool_size: generated images kept for the discriminators (50; 0: none).
        decay_start: fraction of the epochs at the initial learning rate before the
            linear decay to zero (0.5; 1 disables the decay).
        loss: adversarial loss name ("least_squares").
        n_critic: discriminator updates per generator update.
        weight_clip: clip both discriminators' weights to [-c, c] (0: no clipping).
        gradient_penalty: weight of the WGAN-GP penalty on each discriminator, taken
            at points between its domain's real and (pooled) translated images, on the
            gradient of its mean patch output (0: none; Gulrajani et al. 2017).
        seed: seed of the noise drawn during training (pool choices).
        name: the model's name.

    Example:
        >>> gan = CycleGAN(source_shape=(32, 32, 1), image_shape=(32, 32, 1))
        >>> gan.compile()
        >>> gan.fit(unpaired.batches(4), epochs=10, callbacks=[LinearDecay(gan)])
    """

    recipe = "unpaired"
    # D judges one domain's images on their own, so WGAN-GP's penalty applies to it.
    takes_penalty = True
    network_names = ("generator", "generator_b2a", "discriminator", "discriminator_a")
    translators = {"a2b": "generator", "b2a": "generator_b2a"}
    clipped_networks = ("discriminator", "discriminator_a")
    optimizer_defaults = {"learning_rate": 2e-4, "beta_1": 0.5, "beta_2": 0.999}

    def __init__(
        self,
        source_shape=(28, 28, 1),
        image_shape=(28, 28, 1),
        g_filters=64,
        d_filters=64,
        translator="resnet",
        d_layers=0,
        norm="instance",
        d_norm="",
        cycle_weight=10.0,
        identity_weight=0.5,
        reconstruction="l1",
        pool_size=50,
        decay_start=0.5,
        loss="least_squares",
        n_critic=1,
        weight_clip=0.0,
        gradient_penalty=0.0,
        seed=None,
        name="cyclegan",
        **kwargs,
    ):
        source_shape = tuple(int(s) for s in source_shape)
        image_shape = tuple(int(s) for s in image_shape)
        check_same_size(source_shape, image_shape)  # before the networks are made
        self.g_filters, self.d_filters, self.translator_kind = (
            int(g_filters),
            int(d_filters),
            translator,
        )
        self.d_layers, self.norm, self.d_norm = int(d_layers or 0), norm, d_norm or norm
        self.cycle_weight, self.identity_weight = float(cycle_weight), float(identity_weight)
        self.reconstruction, self.distance = reconstruction, distance(reconstruction)
        self.pool_size, self.decay_start = int(pool_size), float(decay_start)
        if self.identity_weight > 0 and source_shape[-1] != image_shape[-1]:
            raise ValueError(
                f"the identity loss needs A and B with the same channels (A has "
                f"{source_shape[-1]}, B {image_shape[-1]}): pass identity_weight=0 "
                "(--identity-weight 0) or convert them (--channels)."
            )
        if self.pool_size < 0 or not 0.0 <= self.decay_start <= 1.0:
            raise ValueError("pool_size must be >= 0 and decay_start in [0, 1].")
        super().__init__(
            make_translator(
                translator, source_shape, image_shape[-1], g_filters, norm, "generator"
            ),
            self._patch_gan(image_shape, "discriminator"),
            source_shape=source_shape,
            image_shape=image_shape,
            loss=loss,
            n_critic=n_critic,
            weight_clip=weight_clip,
            gradient_penalty=gradient_penalty,
            seed=seed,
            name=name,
            **kwargs,
        )
        self.pools = {}
        if self.pool_size:
            for domain, shape in (("a", source_shape), ("b", image_shape)):
                pool = self.add_weight(
                    shape=(self.pool_size, *shape),
                    initializer="zeros",
                    trainable=False,
                    name=f"pool_{domain}",
                )
                count = self.add_weight(
                    shape=(),
                    initializer="zeros",
                    dtype="int32",
                    trainable=False,
                    name=f"pool_{domain}_count",
                )
                self.pools[domain] = (pool, count)

    def build_more_networks(self):
        """Creates the B-to-A translator and D_A (after `keras.Model.__init__`, as
        PyTorch modules must be)."""
        if getattr(self, "generator_b2a", None) is None:
            self.generator_b2a = make_translator(
                self.translator_kind,
                self.image_shape,
                self.source_shape[-1],
                self.g_filters,
                self.norm,
                "generator_b2a",
            )
            self.discriminator_a = self._patch_gan(self.source_shape, "discriminator_a")

    def _patch_gan(self, shape, name):
        return PatchDiscriminator(
            shape,
            shape,
            filters=self.d_filters,
            n_layers=self.d_layers or None,
            norm=self.d_norm,
            conditional=False,
            name=name,
        )

    def example_inputs(self, network, batch_size=2):
        """Zeros of domain A for G and D_A, of domain B for F and D_B."""
        source = np.zeros((batch_size, *self.source_shape), "float32")
        target = np.zeros((batch_size, *self.image_shape), "float32")
        return (source,) if network in ("generator", "discriminator_a") else (target,)

    def phases(self):
        """Both translators' update (every `n_critic` steps), then both discriminators'."""
        g_logs = ("g_loss", "g_adv", "cycle")
        if self.identity_weight > 0:
            g_logs += ("identity",)
        d_logs = ("d_loss", "d_loss_a", "d_loss_b")
        if self.gradient_penalty_weight > 0:
            d_logs += ("gp",)
        return [
            Phase(
                "generator",
                ("generator", "generator_b2a"),
                self.generator_loss,
                g_logs,
                every=self.n_critic,
            ),
            Phase(
                "discriminator",
                ("discriminator", "discriminator_a"),
                self.discriminator_loss,
                d_logs,
            ),
        ]

    def generator_loss(self, ctx, a, b):
        """Adversarial losses of both directions, plus the weighted cycle and identity terms."""
        fake_b = ctx("generator", a)
        fake_a = ctx("generator_b2a", b)
        adversarial = self.adversarial_loss.generator(
            ctx("discriminator", fake_b)
        ) + self.adversarial_loss.generator(ctx("discriminator_a", fake_a))
        cycle = self.distance(ctx("generator_b2a", fake_b), a) + self.distance(
            ctx("generator", fake_a), b
        )
        loss = adversarial + self.cycle_weight * cycle
        logs = {"g_adv": adversarial, "cycle": cycle}
        if self.identity_weight > 0:
            identity = self.distance(ctx("generator", b), b) + self.distance(
                ctx("generator_b2a", a), a
            )
            loss = loss + self.identity_weight * self.cycle_weight * identity
            logs["identity"] = identity
        return loss, {"g_loss": loss, **logs}

    def pooled(self, ctx, domain, fake):
        """`fake` mixed with the history of domain `domain` (the pool is updated)."""
        if domain not in self.pools:
            return fake
        pool, count = self.pools[domain]
        n = ops.shape(fake)[0]
        shown, new_pool, new_count = pool_query(
            ctx.value(pool),
            ctx.value(count),
            fake,
            ctx.uniform((n,)),
            ctx.randint((n,), 0, self.pool_size),
        )
        ctx.assign(pool, new_pool)
        ctx.assign(count, new_count)
        return shown

    def patch_penalty(self, ctx, network, real, fake, patches):
        """WGAN-GP's penalty of `network` between `real` and `fake` images.

        The gradient is that of each image's mean patch output (the sum over its
        `patches` outputs, divided by their number), the quantity the Wasserstein
        loss averages, so a patch critic is held to 1-Lipschitz as a whole rather
        than patch by patch.
        """
        points = interpolate(real, fake, ctx.uniform((ops.shape(real)[0],)))
        return gradient_penalty(ctx.input_gradient(network, points) / patches)

    def discriminator_loss(self, ctx, a, b):
        """Half of each discriminator's loss on real images and pooled translations.

        With `gradient_penalty`, each discriminator adds its weighted penalty
        (`patch_penalty`); the `gp` log is their mean.
        """
        fake_b = self.pooled(ctx, "b", ops.stop_gradient(ctx("generator", a)))
        fake_a = self.pooled(ctx, "a", ops.stop_gradient(ctx("generator_b2a", b)))
        real_b, real_a = ctx("discriminator", b), ctx("discriminator_a", a)
        loss_b = 0.5 * self.adversarial_loss.discriminator(real_b, ctx("discriminator", fake_b))
        loss_a = 0.5 * self.adversarial_loss.discriminator(real_a, ctx("discriminator_a", fake_a))
        logs = {}
        if self.gradient_penalty_weight > 0:
            patches_b, patches_a = (int(np.prod(x.shape[1:])) for x in (real_b, real_a))
            penalty = self.patch_penalty(ctx, "discriminator", b, fake_b, patches_b)
            penalty_a = self.patch_penalty(ctx, "discriminator_a", a, fake_a, patches_a)
            loss_b = loss_b + self.gradient_penalty_weight * penalty
            loss_a = loss_a + self.gradient_penalty_weight * penalty_a
            logs["gp"] = 0.5 * (penalty + penalty_a)
        loss = loss_a + loss_b
        return loss, {"d_loss": loss, "d_loss_a": loss_a, "d_loss_b": loss_b, **logs}
