// `exportparts` lists, so `attune-chat::part(option)` reaches through every shadow root.
export const pickerParts = 'picker,prompt,option,chosen,option-label,option-description';
export const echoParts = 'echo,echo-text,echo-actions,confirm,correct,correction,correction-input,correction-submit,echo-result';
export const recapParts = 'recap,recap-heading,recap-status,recap-section,recap-label,next-step,care';
export const csatParts = 'csat,csat-prompt,scores,score,on,comment,comment-submit,thanks';
export const handoffParts = 'handoff,handoff-icon';
export const feedbackParts = 'feedback,thumb,up,down,on,feedback-reasons,feedback-reason,feedback-other,feedback-submit,feedback-thanks';
export const composerParts = 'composer,input,send,stop,count,composer-error';
export const listParts = `log,message,customer,agent,system,bubble,sender,link,code,code-block,caret,show-more,message-status,retry,typing,empty,new-messages,${pickerParts},${echoParts},${recapParts},${csatParts},${handoffParts},${feedbackParts}`;
