"""Auxiliary classifier GAN (Odena et al. 2017)."""

from dataclasses import replace

import keras
from keras import ops

from kerasgan.losses import class_cross_entropy
from kerasgan.models.base.noise_to_image import GAN
from kerasgan.models.labels.acgan_networks import ACGANDiscriminator
from kerasgan.networks.conv import DCGANGenerator


@keras.saving.register_keras_serializable(package="kerasgan")
class ACGAN(GAN):
    """ACGAN: D also classifies images; G must make images of the class it is asked for.

    G sees the noise and a class c sampled uniformly, fused into the noise (the
    paper concatenates a one-hot code, the default here). D sees only the image
    and has two heads: a real/fake logit and class logits. D minimises the
    adversarial loss plus `class_weight` times the cross-entropy of its class
    head on the real images (their labels) and on the generated ones (the
    classes they were generated for); G minimises its adversarial loss plus
    `class_weight` times the cross-entropy of D's class head on its images. Logs
    the class losses and `d_class_acc`, the class head's accuracy on real images.

    Reference: Odena, Olah & Shlens, "Conditional Image Synthesis with Auxiliary
    Classifier GANs", ICML 2017 (arXiv:1610.09585).

    Args:
        latent_dim: length of the noise vector.
        image_shape: (height, width, channels); square, even size.
        num_classes: number of classes in the labels (at least 2).
        g_filters, d_filters: widths of the DCGAN-style networks.
        label_fusion: how the class meets G's noise: "concat" (one-hot code
            appended, as in the paper) or "multiply" (noise times a learned
            class embedding).
        minibatch: "none", "discrimination" or "stddev": minibatch features for
            D's real/fake head (see `ACGANDiscriminator`).
        class_weight: weight of the auxiliary classification losses (1 in the
            paper; 0 leaves an unconditional D and a G told nothing about
            classes).
        loss: adversarial loss name (default "non_saturating").
        seed: seed of the noise drawn during training.
        name: the model's name.
        **kwargs: the common options of `kerasgan.models.GAN` (augment,
            ema_decay, r1_gamma, r1_every); R1 and the gradient penalty act on
            the real/fake logit only.

    Example:
        >>> gan = ACGAN(num_classes=10)
        >>> gan.compile()
        >>> gan.fit(images, labels, epochs=5, batch_size=64)
        >>> gan.generate(z, labels=np.arange(10))
    """

    def __init__(
        self,
        latent_dim=100,
        image_shape=(28, 28, 1),
        num_classes=10,
        g_filters=64,
        d_filters=64,
        label_fusion="concat",
        minibatch="none",
        class_weight=1.0,
        loss="non_saturating",
        seed=None,
        name="acgan",
        **kwargs,
    ):
        if int(num_classes) < 2:
            raise ValueError(f"ACGAN needs num_classes >= 2, not {num_classes}.")
        if float(class_weight) < 0:
            raise ValueError(f"class_weight must be >= 0, not {class_weight}.")
        self.g_filters, self.d_filters = int(g_filters), int(d_filters)
        self.label_fusion, self.minibatch = label_fusion, minibatch
        self.class_weight = float(class_weight)
        generator = DCGANGenerator(
            latent_dim,
            image_shape,
            g_filters,
            "transpose",
            num_classes,
            label_fusion,
            name="generator",
        )
        discriminator = ACGANDiscriminator(
            image_shape, num_classes, d_filters, minibatch=minibatch, name="discriminator"
        )
        super().__init__(
            generator,
            discriminator,
            latent_dim=latent_dim,
            image_shape=image_shape,
            num_classes=num_classes,
            loss=loss,
            seed=seed,
            name=name,
            **kwargs,
        )

    def phases(self):
        """The base schedule, also logging the class losses and D's class accuracy."""
        extra = {
            "discriminator": ("d_class_loss", "d_class_acc"),
            "generator": ("g_class_loss",),
        }
        return [replace(p, logs=tuple(p.logs) + extra.get(p.name, ())) for p in super().phases()]

    def fake_batch(self, ctx, batch):
        """`(images, labels)`: a generated batch of classes drawn uniformly."""
        labels = ctx.randint((batch,), 0, self.num_classes)
        return ctx("generator", ctx.normal((batch, self.latent_dim)), labels), labels

    def source_gradient(self, ctx, points, labels):
        """Differentiable gradient of the sum of D's real/fake logits (not the class head)."""
        del labels
        return ctx.input_gradient("discriminator", points, output=0)

    def discriminator_loss(self, ctx, x, y):
        """Adversarial loss + class_weight * (CE on real + CE on generated), plus penalties."""
        labels = self.conditioning(ctx, y)
        fake, fake_labels = self.fake_batch(ctx, ops.shape(x)[0])
        fake = ops.stop_gradient(fake)
        real_source, real_classes = self.critic(ctx, x, None)
        fake_source, fake_classes = self.critic(ctx, fake, None)
        class_loss = class_cross_entropy(labels, real_classes)
        class_loss = class_loss + class_cross_entropy(fake_labels, fake_classes)
        penalty, logs = self.penalty_terms(ctx, x, fake, labels)
        loss = self.adversarial_loss.discriminator(real_source, fake_source) + penalty
        loss = loss + self.class_weight * class_loss
        predicted = ops.cast(ops.argmax(real_classes, axis=-1), "int32")
        return loss, {
            "d_loss": loss,
            **logs,
            **self.accuracy_logs(real_source, fake_source),
            "d_class_loss": class_loss,
            "d_class_acc": ops.mean(ops.cast(ops.equal(predicted, labels), "float32")),
        }

    def generator_loss(self, ctx, x, y):
        """Adversarial loss + class_weight * CE of D's class head on a generated batch."""
        del y
        fake, fake_labels = self.fake_batch(ctx, ops.shape(x)[0])
        fake_source, fake_classes = self.critic(ctx, fake, None)
        real_source = None
        if self.adversarial_loss.relativistic:
            real_source = ops.stop_gradient(self.critic(ctx, x, None)[0])
        class_loss = class_cross_entropy(fake_labels, fake_classes)
        loss = self.adversarial_loss.generator(fake_source, real_source)
        loss = loss + self.class_weight * class_loss
        return loss, {"g_loss": loss, "g_class_loss": class_loss}
