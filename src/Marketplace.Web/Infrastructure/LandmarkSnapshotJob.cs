using Marketplace.Core.Data;
using Marketplace.Core.Facts;
using Marketplace.Core.Features.Insights;
using Marketplace.Core.Pipeline;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// The one job that owns stage agreement's landmark snapshot (<see cref="LandmarkStageFacts"/>): it builds it when the
/// app starts and just after each change of the business day (<see cref="IClock.Today"/>), for that day's landmark.
/// Instances take turns under the migrations' lock; one that finds the snapshot already built for the day leaves it.
/// </summary>
public sealed class LandmarkSnapshotJob(ConnectionFactory factory, TimeProvider time, BusinessTime business, ILogger<LandmarkSnapshotJob> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IClock clock = new RequestClock(time, business);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var db = new Db(factory);
                if (await LandmarkStageFacts.Rebuild(db, StageRetention.LandmarkOf(clock.Today), clock.UtcNow, force: false, stoppingToken))
                    log.LogInformation("Built the landmark snapshot for {Day}.", StageRetention.LandmarkOf(clock.Today));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "The landmark snapshot was not built; stage agreement reads the previous one until the next try.");
            }
            var now = clock.UtcNow;
            try
            {
                // A minute past the business day's next midnight, or in an hour if that is sooner (a failed build is tried again then).
                var untilNextDay = business.NextDayStartsUtc(now).AddMinutes(1) - now;
                await Task.Delay(TimeSpan.FromTicks(Math.Clamp(untilNextDay.Ticks, TimeSpan.FromSeconds(1).Ticks, TimeSpan.FromHours(1).Ticks)), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
