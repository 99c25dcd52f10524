namespace Marketplace.Core.Domain;

/// <summary>A task is open until someone completes it; a completed task can be reopened.</summary>
public enum TaskState { Open, Done }

/// <summary>The windows "today's work" lists tasks by: overdue, due today, due by the end of this week.</summary>
public enum TaskDue { Overdue, Today, Week }

/// <summary>The playbook rules: what happens that makes work for someone.</summary>
public enum PlaybookRule { NegativeEngagementEnd, LowFollowUpSatisfaction, FollowUpOverdue, DetractorSurvey, ExpansionLeadTossed, OnboardingStalled }

/// <summary>Who a rule's task goes to: the company's CS owner, the worker's concierge, sales or an admin.</summary>
public enum PlaybookAssignee { CsOwner, Concierge, Sales, Admin }

/// <summary>The team's working days: Monday to Friday, weeks ending on Sunday.</summary>
public static class BusinessCalendar
{
    /// <summary>The Sunday that ends the week of the day (the day itself when it is a Sunday).</summary>
    public static DateOnly WeekEnd(DateOnly day) => day.AddDays((7 - (int)day.DayOfWeek) % 7);

    public static bool IsWorkingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    /// <summary>The working day <paramref name="days"/> working days after the day (0: the day itself, or the next working day when it is a weekend).</summary>
    public static DateOnly AddBusinessDays(DateOnly day, int days)
    {
        var result = day;
        while (!IsWorkingDay(result)) result = result.AddDays(1);
        for (var added = 0; added < days;)
        {
            result = result.AddDays(1);
            if (IsWorkingDay(result)) added++;
        }
        return result;
    }
}
