using MediatR;
using Marketplace.Core.Data;

namespace Marketplace.Core.Pipeline;

/// <summary>A request that changes data: its handler runs inside one database transaction.</summary>
public interface ICommand<out TResponse> : IRequest<TResponse>;

/// <summary>
/// Commits the command's transaction when the handler returns and rolls it back when it throws, so a
/// multi-step change is stored whole or not at all.
/// </summary>
public sealed class TransactionBehavior<TRequest, TResponse>(Db db) : IPipelineBehavior<TRequest, TResponse>
{
    public async Task<TResponse> Handle(TRequest request, CancellationToken cancellationToken, RequestHandlerDelegate<TResponse> next)
    {
        if (request is not ICommand<TResponse> || db.InTransaction)
            return await next();

        await db.BeginAsync(cancellationToken);
        try
        {
            var response = await next();
            await db.CommitAsync(cancellationToken);
            return response;
        }
        catch
        {
            await db.RollbackAsync();
            throw;
        }
    }
}
