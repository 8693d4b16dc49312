
namespace Tracking.Contracts.Tests;

public class StatusRuleTests
{
    [Theory]
    [InlineData("pending")]
    [InlineData("in_transit")]
    [InlineData("delivered")]
    [InlineData("failed")]
    public void EachDocumentedStatusIsAccepted(string status)
    {
        var request = Events.Valid();
        request.Status = status;

        var validated = Events.ValidOrThrow(request);

        Assert.Equal(status, validated.Status);
    }

    [Theory]
    [InlineData("lost")]
    [InlineData("")]
    [InlineData("DELIVERED")]
    [InlineData(" delivered")]
    public void AStatusOutsideTheSetIsRejectedNamingTheAllowedValues(string status)
    {
        var request = Events.Valid();
        request.Status = status;

        var error = Events.SingleError(request);

        Assert.Equal("status", error.Field);
        Assert.Contains("pending, in_transit, delivered, failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingStatusIsReportedAsRequired()
    {
        var request = Events.Valid();
        request.Status = null;

        var error = Events.SingleError(request);

        Assert.Equal(new FieldError("status", "is required"), error);
    }
}
