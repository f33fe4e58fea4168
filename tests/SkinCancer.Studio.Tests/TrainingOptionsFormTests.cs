using SkinCancer.Studio.Web.Components.Training;
using SkinCancer.Studio.Core.Training;
using SkinCancer.Studio.Core.Training.Options;

namespace SkinCancer.Studio.Tests;

public sealed class TrainingOptionsFormTests
{
    [Fact]
    public void The_panel_holds_every_option_of_the_options_model_and_keeps_the_defaults_it_was_given()
    {
        var defaults = new TrainingOptions { PositiveLabel = "malignant", AutoAugmentMaxImages = 500 };
        var form = new TrainingOptionsForm(defaults);
        Assert.Equal(defaults, form.ToOptions());
        foreach (var option in TrainingOptionCatalog.All) Assert.Equal(option.ValueIn(defaults), form[option.Property.Name]);

        form["Augment"] = true;
        form["TestTimeAugmentation"] = false;
        form["TargetSensitivity"] = 0.95;
        form["FineTune"] = null;
        var changed = form.ToOptions();
        Assert.True(changed.Augment);
        Assert.False(changed.TestTimeAugmentation);
        Assert.Equal(0.95, changed.TargetSensitivity);
        Assert.Null(changed.FineTune);
        Assert.Equal("malignant", changed.PositiveLabel);
        Assert.Equal(500, changed.AutoAugmentMaxImages);
    }
}
