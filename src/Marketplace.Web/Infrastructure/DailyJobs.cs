using Marketplace.Core.Data;
using Marketplace.Core.Facts;
using Marketplace.Core.Features.Insights;
using Marketplace.Core.Features.Playbooks;
using Marketplace.Core.Pipeline;

namespace Marketplace.Web.Infrastructure;

/// <summary>
/// The work each business day starts with, when the app starts and just after each change of the business day
/// (<see cref="IClock.Today"/>): the landmark snapshot stage agreement reads (<see cref="LandmarkStageFacts"/>), which
/// this job alone builds, and the playbook rules that act on what has not happened (<see cref="RaiseWaitingTasks"/>).
/// Several instances may run it: the snapshot is built under the migrations' lock and left when already built for
/// the day, and a waiting rule raises each record's task once.
/// </summary>
public sealed class DailyJobs(ConnectionFactory factory, IServiceScopeFactory scopes, TimeProvider time, BusinessTime business, ILogger<DailyJobs> log) : BackgroundService
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
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<WorkActor>().Actor = Actor.System;
                var result = await scope.ServiceProvider.GetRequiredService<MediatR.IMediator>().Send(new RaiseWaitingTasks.Command { Day = clock.Today }, stoppingToken);
                if (result.Raised > 0) log.LogInformation("Raised {Count} playbook tasks for {Day}.", result.Raised, result.Day);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "The waiting playbook rules did not run; they run again at the next try.");
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
