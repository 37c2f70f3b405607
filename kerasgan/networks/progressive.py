"""PGGAN's generator and discriminator, which run one stage of their growth at a time.

Both networks hold every resolution's layers from the start; `stage` (a Python int
that `kerasgan.models.base.growth.Progressive` sets) says how many of them a call
runs, and the `alpha` variable how far the newest one is faded in. G always returns
images of the full size (the current resolution enlarged, nearest neighbour) and D
takes them (averaged down to the current resolution), so sampling, grids and
evaluation see one image size throughout.
"""

import math

import keras
from keras import layers, ops

from kerasgan.layers.equalized import EqualizedConv2D, EqualizedDense, PixelNorm
from kerasgan.layers.minibatch import MinibatchStdDev
from kerasgan.networks.base import DiscriminatorNetwork, GeneratorNetwork


def channels_at(resolution, channel_base, channel_max):
    """Channels of a resolution's layers: `channel_base // resolution`, at most `channel_max`."""
    return max(1, min(int(channel_base) // int(resolution), int(channel_max)))


def growth_stages(image_shape, start_resolution):
    """Number of resolutions from `start_resolution` to the (square, power-of-two) image size."""
    height, width = int(image_shape[0]), int(image_shape[1])
    if height != width or height < 1 or height & (height - 1):
        raise ValueError(
            f"progressive and style-based networks need square power-of-two images "
            f"(4, 8, 16, 32, 64, ...), not {height}x{width}: pass --image-size 32 (or 64, ...)."
        )
    if height < start_resolution:
        raise ValueError(f"images of {height}x{width} are smaller than {start_resolution}x...")
    return int(math.log2(height // start_resolution)) + 1


def downscale(images, factor):
    """Average pooling by `factor` (a Python int; 1 returns `images`)."""
    if factor == 1:
        return images
    return ops.average_pool(images, factor, factor, padding="valid")


def upscale(images, factor):
    """Nearest-neighbour enlargement by `factor` (a Python int; 1 returns `images`)."""
    if factor == 1:
        return images
    return ops.repeat(ops.repeat(images, factor, axis=1), factor, axis=2)


class _Growing:
    """What both growing networks share: the stage, `alpha`, config and building."""

    def set_growth(self, image_shape, channel_base, channel_max, start_resolution, stage):
        self.image_shape = tuple(int(s) for s in image_shape)
        self.channel_base, self.channel_max = int(channel_base), int(channel_max)
        self.start_resolution = int(start_resolution)
        self.stages = growth_stages(self.image_shape, self.start_resolution)
        self.stage = self.stages - 1 if stage is None else int(stage)
        if not 0 <= self.stage < self.stages:
            raise ValueError(f"stage must be in [0, {self.stages - 1}], not {stage}.")
        self.num_classes = 0
        self.alpha = self.add_weight(
            shape=(), initializer="ones", trainable=False, name="alpha", dtype="float32"
        )

    def channels(self, stage):
        """Channels of the layers of stage `stage`."""
        return channels_at(self.start_resolution * 2**stage, self.channel_base, self.channel_max)

    def resolution(self, stage):
        return self.start_resolution * 2**stage

    def growth_config(self):
        return {
            "image_shape": self.image_shape,
            "channel_base": self.channel_base,
            "channel_max": self.channel_max,
            "start_resolution": self.start_resolution,
            "stage": self.stage,
        }


def _run(blocks, h):
    for layer in blocks:
        h = layer(h)
    return h


@keras.saving.register_keras_serializable(package="kerasgan")
class ProgressiveGenerator(_Growing, GeneratorNetwork):
    """PGGAN's generator: z to a 4x4 map, then blocks that double it, one to-RGB per stage.

    Every convolution has an equalized learning rate and is followed by a leaky ReLU
    and pixelwise feature normalization; z is pixel-normalized first. During a fade-in
    the output blends the newest to-RGB with the previous stage's, enlarged:
    `rgb = up(rgb_prev) + alpha * (rgb_new - up(rgb_prev))`. The output is linear (the
    paper's), enlarged to the full image size.

    Args:
        latent_dim: length of z.
        image_shape: (size, size, channels), size a power of two.
        channel_base: channels of a stage are `channel_base // resolution`...
        channel_max: ...at most `channel_max`.
        start_resolution: the first stage's resolution (4).
        stage: the stage a call runs (None: the last).
    """

    def __init__(
        self,
        latent_dim=128,
        image_shape=(32, 32, 1),
        channel_base=2048,
        channel_max=128,
        start_resolution=4,
        stage=None,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.latent_dim = int(latent_dim)
        self.set_growth(image_shape, channel_base, channel_max, start_resolution, stage)
        r0, c0 = self.start_resolution, self.channels(0)
        self.base = [
            PixelNorm(),
            EqualizedDense(r0 * r0 * c0, gain=math.sqrt(2.0) / 4, activation="leaky_relu"),
            layers.Reshape((r0, r0, c0)),
            PixelNorm(),
            EqualizedConv2D(c0, 3, activation="leaky_relu"),
            PixelNorm(),
        ]
        self.blocks = [[]] + [
            [
                layers.UpSampling2D(2),
                EqualizedConv2D(self.channels(s), 3, activation="leaky_relu"),
                PixelNorm(),
                EqualizedConv2D(self.channels(s), 3, activation="leaky_relu"),
                PixelNorm(),
            ]
            for s in range(1, self.stages)
        ]
        channels = self.image_shape[-1]
        self.to_rgb = [EqualizedConv2D(channels, 1, gain=1.0) for _ in range(self.stages)]

    def build(self, input_shape):
        h = _run(self.base, keras.KerasTensor((1, self.latent_dim)))
        self.to_rgb[0](h)
        for stage in range(1, self.stages):
            h = _run(self.blocks[stage], h)
            self.to_rgb[stage](h)
        self.built = True

    def call(self, inputs, labels=None, training=None):
        del labels, training
        h = _run(self.base, inputs)
        for stage in range(1, self.stage):
            h = _run(self.blocks[stage], h)
        if self.stage == 0:
            rgb = self.to_rgb[0](h)
        else:
            previous = upscale(self.to_rgb[self.stage - 1](h), 2)
            rgb = self.to_rgb[self.stage](_run(self.blocks[self.stage], h))
            rgb = previous + (rgb - previous) * self.alpha
        return upscale(rgb, self.image_shape[0] // self.resolution(self.stage))

    def get_config(self):
        return {**super().get_config(), "latent_dim": self.latent_dim, **self.growth_config()}


@keras.saving.register_keras_serializable(package="kerasgan")
class ProgressiveDiscriminator(_Growing, DiscriminatorNetwork):
    """PGGAN's discriminator: from-RGB per stage, blocks that halve, a 4x4 head.

    The input (full size) is averaged down to the current resolution. During a fade-in
    the newest block's output blends with the previous stage's from-RGB of the input
    halved. The head appends the minibatch standard deviation, then a 3x3 and a 4x4
    convolution (as a dense layer) and a linear output. Equalized learning rate and
    leaky ReLU throughout, no normalization.

    Args:
        image_shape: (size, size, channels), size a power of two.
        channel_base, channel_max: as `ProgressiveGenerator`.
        start_resolution: the first stage's resolution (4).
        stage: the stage a call runs (None: the last).
        group_size: the minibatch standard deviation's group size (4).
        grows: False for a fixed-resolution network (StyleGAN without growing): no
            fade-in branch is computed.
    """

    def __init__(
        self,
        image_shape=(32, 32, 1),
        channel_base=2048,
        channel_max=128,
        start_resolution=4,
        stage=None,
        group_size=4,
        grows=True,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.set_growth(image_shape, channel_base, channel_max, start_resolution, stage)
        self.group_size, self.grows = int(group_size), bool(grows)
        self.from_rgb = [
            EqualizedConv2D(self.channels(s), 1, activation="leaky_relu")
            for s in range(self.stages)
        ]
        self.blocks = [[]] + [
            [
                EqualizedConv2D(self.channels(s), 3, activation="leaky_relu"),
                EqualizedConv2D(self.channels(s - 1), 3, activation="leaky_relu"),
                layers.AveragePooling2D(2),
            ]
            for s in range(1, self.stages)
        ]
        c0 = self.channels(0)
        self.head = [
            MinibatchStdDev(self.group_size),
            EqualizedConv2D(c0, 3, activation="leaky_relu"),
            layers.Flatten(),
            EqualizedDense(c0, activation="leaky_relu"),
            EqualizedDense(1, gain=1.0),
        ]

    def build(self, input_shape):
        channels = self.image_shape[-1]
        for stage in range(self.stages):
            r = self.resolution(stage)
            h = self.from_rgb[stage](keras.KerasTensor((1, r, r, channels)))
            _run(self.blocks[stage], h)
        r0 = self.start_resolution
        _run(self.head, keras.KerasTensor((1, r0, r0, self.channels(0))))
        self.built = True

    def call(self, inputs, labels=None, training=None):
        del labels, training
        images = downscale(inputs, self.image_shape[0] // self.resolution(self.stage))
        h = self.from_rgb[self.stage](images)
        if self.stage > 0:
            h = _run(self.blocks[self.stage], h)
            if self.grows:
                previous = self.from_rgb[self.stage - 1](downscale(images, 2))
                h = previous + (h - previous) * self.alpha
            for stage in range(self.stage - 1, 0, -1):
                h = _run(self.blocks[stage], h)
        return _run(self.head, h)

    def get_config(self):
        return {
            **super().get_config(),
            **self.growth_config(),
            "group_size": self.group_size,
            "grows": self.grows,
        }
