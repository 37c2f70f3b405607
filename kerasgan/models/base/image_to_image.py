"""The image-to-image recipe: `TranslationModel` and `TranslationGAN`.

Their batches are `(source, target)` pairs (Pix2Pix: aligned pairs; CycleGAN and
its relatives: one batch of each domain, unaligned; SRGAN: low- and
high-resolution crops). The generator takes a source batch and returns a target
batch; there is no noise vector. `TranslationModel` has only translators (SRResNet);
`TranslationGAN` adds discriminators and the adversarial loss.
"""

import numpy as np
from keras import ops

from kerasgan.engine.model import PhasedModel
from kerasgan.errors import ConfigError
from kerasgan.models.base.adversarial import Adversarial


def l1(a, b):
    """Mean absolute difference."""
    return ops.mean(ops.abs(a - b))


def l2(a, b):
    """Mean squared difference."""
    return ops.mean(ops.square(a - b))


DISTANCES = {"l1": l1, "l2": l2}


def distance(name):
    """The reconstruction distance called `name` ("l1" or "l2")."""
    if name not in DISTANCES:
        raise ValueError(f"reconstruction must be one of {', '.join(DISTANCES)}, not {name!r}.")
    return DISTANCES[name]


def check_same_size(source_shape, image_shape):
    """Raises ValueError when source and target images differ in height or width."""
    if tuple(source_shape[:2]) != tuple(image_shape[:2]):
        raise ValueError(
            f"source_shape {tuple(source_shape)} and image_shape {tuple(image_shape)} differ "
            "in size: translate between images of one size (resize with --image-size)."
        )


SAMPLE_OPTIONS = ("augment", "r1_gamma", "r1_every", "gradient_penalty")
"""Options of the noise-to-image recipe that judge samples, refused with a clear error."""


class TranslationModel(PhasedModel):
    """A model whose generator translates source images into target images.

    Subclasses set `recipe` ("paired", "unpaired" or "superres": which
    training recipe of `kerasgan.recipes` loads their data), their networks and
    their phases. The translating networks are listed in `translators` by
    direction.

    Args:
        generator: the source-to-target network, `generator(images)`.
        source_shape: (height, width, channels) of a source image.
        image_shape: (height, width, channels) of a target image.
        other_networks: dict from attribute name to network, for the networks
            besides `generator` (assigned after `keras.Model.__init__`, as PyTorch
            modules must be).
        **kwargs: passed to `kerasgan.engine.PhasedModel` (ema_decay, seed, name...).
    """

    recipe = "paired"
    labels_are_classes = False
    # Fraction of the epochs at the initial learning rate before a linear decay to 0
    # (1: no decay; CycleGAN takes it as an option).
    decay_start = 1.0
    network_names = ("generator",)
    translators = {"a2b": "generator"}
    # Whether source and target images have one height and width (not SRGAN's).
    same_size = True
    # Options of the noise-to-image recipe this variant refuses with a clear message.
    refused_options = SAMPLE_OPTIONS

    def __init__(self, generator, source_shape, image_shape, other_networks=None, **kwargs):
        self.source_shape = tuple(int(s) for s in source_shape)
        self.image_shape = tuple(int(s) for s in image_shape)
        if self.same_size:
            check_same_size(self.source_shape, self.image_shape)
        for option in self.refused_options:
            if kwargs.pop(option, None):
                raise ValueError(
                    f"{option} does not apply to image-to-image variants (their "
                    "discriminators judge translations, not samples): leave it out."
                )
        super().__init__(**kwargs)
        self.generator = generator
        for name, network in (other_networks or {}).items():
            setattr(self, name, network)
        self.build_more_networks()
        self.finish_setup()

    def build_more_networks(self):
        """Creates networks that need the model's options (CycleGAN's second direction)."""

    def example_inputs(self, network, batch_size=2):
        """Zeros shaped like a source batch (translators) or a target batch."""
        source = np.zeros((batch_size, *self.source_shape), "float32")
        target = np.zeros((batch_size, *self.image_shape), "float32")
        if network == "generator":
            return (source,)
        return (target,)

    def call(self, inputs, training=False):
        """Translates a batch of source images (with the EMA generator when kept)."""
        return self.sampling_generator(inputs, training=training)

    def translator(self, direction="a2b"):
        """The network that translates in `direction` ("a2b", or "b2a" when two-way)."""
        if direction not in self.translators:
            raise ConfigError(
                f"{self.name} translates {', '.join(self.translators)} only, not {direction}."
            )
        if direction == "a2b":
            return self.sampling_generator
        return self.networks[self.translators[direction]]

    def translate(self, images, direction="a2b", batch_size=32):
        """Translated images in [-1, 1] as a float32 NHWC numpy array.

        Args:
            images: source images in [-1, 1], (n, H, W, C).
            direction: "a2b", or "b2a" for two-way variants.
            batch_size: images per call.
        """
        net = self.translator(direction)
        images = np.asarray(images, "float32")
        out = [
            ops.convert_to_numpy(net(images[i : i + batch_size], training=False))
            for i in range(0, len(images), batch_size)
        ]
        return np.concatenate(out).astype("float32")


class TranslationGAN(Adversarial, TranslationModel):
    """A `TranslationModel` with a discriminator and an adversarial loss.

    Args:
        generator: the source-to-target network, `generator(images)`.
        discriminator: the target-domain discriminator.
        source_shape: (height, width, channels) of a source image.
        image_shape: (height, width, channels) of a target image.
        loss: adversarial loss name (see `kerasgan.losses`).
        gradient_penalty: weight of a WGAN-GP penalty, for variants that take one.
        n_critic: discriminator updates per generator update.
        **kwargs: passed to `TranslationModel` (weight_clip, ema_decay, seed, name...).
    """

    network_names = ("generator", "discriminator")
    clipped_networks = ("discriminator",)
    refused_options = ("augment", "r1_gamma", "r1_every")

    def __init__(
        self,
        generator,
        discriminator,
        source_shape,
        image_shape,
        loss="non_saturating",
        gradient_penalty=0.0,
        n_critic=1,
        **kwargs,
    ):
        if gradient_penalty and not self.takes_penalty:
            raise ValueError(
                "gradient_penalty does not apply to image-to-image variants (their "
                "discriminators judge translations, not samples): leave it out."
            )
        self.set_adversarial(loss, gradient_penalty, n_critic)
        super().__init__(
            generator, source_shape, image_shape, {"discriminator": discriminator}, **kwargs
        )

    # Whether D judges one domain's images on its own, so WGAN-GP applies (CycleGAN's).
    takes_penalty = False
