"""`Preset`: a variant that is another variant with other defaults, stated as data.

BGAN, LSGAN and RaGAN are DCGAN with another loss; DiscoGAN and DualGAN are
CycleGAN with their papers' choices. Each is a class whose body is its
`default_arguments` (and, where the preset has options of its own, a `resolve`
that turns them into its parent's arguments), so no constructor is copied.
"""


class Preset:
    """Mixin placed before the parent variant: `class LSGAN(Preset, DCGAN)`.

    Class attributes:
        default_name: the model's name when none is given.
        default_arguments: the parent's arguments (and the preset's own options)
            with this variant's values; the caller's arguments win.
        hidden_arguments: parent arguments the preset sets itself and does not
            offer (LSGAN's `loss`, made from its a-b-c coding).

    `kerasgan.models.registry.constructor_arguments` reads these, so the CLI
    offers the parent's options with the preset's defaults.
    """

    default_name = None
    default_arguments = {}
    hidden_arguments = ()

    def __init__(self, *args, name=None, **kwargs):
        arguments = self.resolve({**self.default_arguments, **kwargs})
        super().__init__(*args, name=name or self.default_name, **arguments)

    def resolve(self, arguments):
        """Checks the merged arguments and turns the preset's own options into the
        parent's; returns the arguments passed to the parent. Unchanged here."""
        return arguments
