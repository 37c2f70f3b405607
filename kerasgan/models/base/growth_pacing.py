"""Progressive growth paced by a time budget instead of images seen.

A growth schedule counts images (`GrowthSchedule`), but a run given `--time-budget`
cannot know how many images it will see: a low stage is many times cheaper per image
than the last one, and the machine's speed is unknown. `TimedGrowth` plans the growth
in seconds instead: the growth position (`GrowthSchedule.position`: 0 to 1 is the
first resolution, then one unit per fade-in and one per stable phase) rises with the
clock so that the last fade-in ends after `share` of the budget, and the final
resolution trains for the rest.

Each phase's time is proportional to its resolution (a 4x4 phase gets an eighth of a
32x32 one): images at a low resolution are cheap and learned fast, so equal time per
phase would spend a large share of a short budget on 4x4 images; the paper's equal
images per phase would leave almost nothing before the last stage. A run resumed with
a new budget plans the growth it has left over the same share of that budget, in
proportion to what is left (a run already at the final resolution only trains on).
"""

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class TimedGrowth:
    """The growth position after some seconds of a budgeted run.

    Args:
        schedule: the model's `GrowthSchedule` (its stages and resolutions).
        seconds: the budget of this `fit` call, in seconds.
        start: the growth position when it begins (0 for a new run).
        share: the share of a budget that growing from the first resolution to the
            image size takes (the rest trains the final resolution); a resumed run's
            remaining growth takes the same share in proportion to what is left.

    Example:
        >>> from kerasgan.models.base.growth import GrowthSchedule
        >>> plan = TimedGrowth(GrowthSchedule(8, 10, 10), seconds=120, share=0.5)
        >>> plan.position(0), plan.position(40), plan.position(100)  # 4x4, mid-fade, 8x8
        (0.0, 1.5, 2.0)
    """

    schedule: object
    seconds: float
    start: float = 0.0
    share: float = 0.5

    def __post_init__(self):
        if not 0.0 < float(self.share) <= 1.0:
            raise ValueError(
                f"the growth's share of the budget must be in (0, 1], not {self.share}."
            )
        if not float(self.seconds) > 0:
            raise ValueError(f"seconds must be positive, not {self.seconds!r}.")

    def _weights(self):
        """Each phase's weight (its resolution), phase k covering positions [k, k + 1)."""
        units = self.schedule.growth_end
        return [self.schedule.resolution((k + 1) // 2) for k in range(units)]

    def _cumulative(self, position):
        """The weight of the phases below `position` (a partial phase counts in part)."""
        weights = self._weights()
        position = min(max(float(position), 0.0), float(len(weights)))
        whole = int(math.floor(position))
        done = sum(weights[:whole])
        if whole < len(weights):
            done += (position - whole) * weights[whole]
        return done

    def _position_of(self, cumulative):
        """The position at which the phases' weight reaches `cumulative`."""
        for k, weight in enumerate(self._weights()):
            if cumulative <= weight:
                return k + cumulative / weight
            cumulative -= weight
        return float(self.schedule.growth_end)

    @property
    def growth_seconds(self):
        """Seconds until the last fade-in ends (0 when nothing is left to grow)."""
        total = self._cumulative(self.schedule.growth_end)
        if total == 0:
            return 0.0
        left = total - self._cumulative(self.start)
        return float(self.share) * float(self.seconds) * left / total

    def position(self, elapsed):
        """The growth position after `elapsed` seconds (never below `start`)."""
        end = float(self.schedule.growth_end)
        if self.start >= end or self.growth_seconds <= 0:
            return float(self.start)
        begin = self._cumulative(self.start)
        fraction = min(max(float(elapsed) / self.growth_seconds, 0.0), 1.0)
        total = self._cumulative(end)
        return self._position_of(begin + (total - begin) * fraction)
