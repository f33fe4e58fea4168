using SkinCancer.Studio.Components.Training;
using SkinCancer.Studio.Core.Training;

namespace SkinCancer.Studio.Tests;

public sealed class TrainingOptionsFormTests
{
    [Fact]
    public void The_panel_maps_the_augmentation_choice_and_keeps_settings_it_does_not_show()
    {
        var defaults = new TrainingOptions { PositiveLabel = "malignant", AutoAugmentMaxImages = 500 };
        var form = new TrainingOptionsForm(defaults);
        Assert.Equal("auto", form.Augment);

        var auto = form.ToOptions();
        Assert.Null(auto.Augment);
        Assert.Equal("malignant", auto.PositiveLabel);
        Assert.Equal(500, auto.AutoAugmentMaxImages);

        form.Augment = "on";
        form.TargetSensitivity = 0.95;
        var on = form.ToOptions();
        Assert.True(on.Augment);
        Assert.True(on.TestTimeAugmentation);
        Assert.Equal(0.95, on.TargetSensitivity);

        form.Augment = "off";
        Assert.False(form.ToOptions().Augment);
    }
}
