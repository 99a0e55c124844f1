namespace Jobs.Contracts;

// The contract types the pages' samples use: in a real solution, the shared assembly Jobs.Contracts.

public interface IBillingJob
{
    Task RunAsync(CancellationToken cancellationToken);

    Task SendInvoicesAsync(CancellationToken cancellationToken);

    Task<int> CountInvoicesAsync(CancellationToken cancellationToken);
}

public interface IBillingGateway;

public interface IInvoiceRenderer;

public interface IReportJob
{
    Task RunAsync(string reportId, CancellationToken cancellationToken);
}

public interface INightlyReport : Quartz.IJob;

public interface IGreeter
{
    string Greet(string name);
}

public sealed record Conversation(string Customer, int Step);

public interface IMailbox
{
    Task<string> WaitForReplyAsync(string customer, CancellationToken cancellationToken);
}
