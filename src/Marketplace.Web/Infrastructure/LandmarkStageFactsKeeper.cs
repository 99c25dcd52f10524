using Marketplace.Core.Data;
using Marketplace.Core.Features.Insights;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// Moves the landmark stage facts (<see cref="LandmarkStageFacts"/>) to the new landmark when the app starts and just
/// after each midnight (UTC, the app's day), so the day's first stage agreement does not wait for the move. Stage
/// agreement still moves them itself whenever it finds them on another day, so a failed or late run here costs only
/// that wait.
/// </summary>
public sealed class LandmarkStageFactsKeeper(ConnectionFactory factory, ILogger<LandmarkStageFactsKeeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var db = new Db(factory);
                await LandmarkStageFacts.KeepFor(db, StageRetention.LandmarkOf(DateOnly.FromDateTime(DateTime.UtcNow)), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "The landmark stage facts were not moved; stage agreement will move them when it is next asked.");
            }
            var now = DateTime.UtcNow;
            try
            {
                await Task.Delay(now.Date.AddDays(1).AddMinutes(1) - now, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
