using Marketplace.Core.Domain;
using Marketplace.Core.Features.Workers;

namespace Marketplace.Tests.Api;

public class WorkerBoardTests
{
    [Fact]
    public void Every_status_column_skips_to_its_own_page()
    {
        foreach (var status in Enum.GetValues<WorkerStatus>())
            Assert.Contains($"WHEN '{Wire.Name(status)}' THEN @skip{status}", GetWorkerBoard.Sql.Cards.ReplaceLineEndings(" ").Replace("  ", " "));
    }
}
